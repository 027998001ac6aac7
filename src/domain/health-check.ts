import { HttpClient } from '@actions/http-client'
import type { Clock } from '../util/clock.js'
import type { HealthCheckResult } from './report.js'

export interface HealthCheckOptions {
  /** How long to keep trying while the new deployment propagates. */
  timeoutMs: number
  requestTimeoutMs: number
  clock: Clock
  signal: AbortSignal | undefined
  log: (line: string) => void
}

/** Joins a deployment URL and a path without losing a path the URL already has. */
export function healthCheckUrl(deploymentUrl: string, path: string): string {
  return `${deploymentUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}

/**
 * GETs `url` until it answers 2xx or `timeoutMs` passes. A fresh deployment can answer 404 or
 * 5xx for a few seconds while it propagates, so failures are retried with growing pauses.
 * No credential is ever sent: the deployment URL is not the API.
 */
export async function runHealthCheck(
  url: string,
  options: HealthCheckOptions
): Promise<HealthCheckResult> {
  const { clock, signal } = options
  const http = new HttpClient('pages-pilot-health-check', [], {
    allowRedirects: true,
    maxRedirects: 5,
    allowRetries: false,
    socketTimeout: options.requestTimeoutMs
  })
  const deadline = clock.now() + options.timeoutMs
  let attempts = 0
  let status = 0
  let detail = ''
  let pause = 1_000
  try {
    for (;;) {
      attempts++
      try {
        const response = await http.get(url)
        status = response.message.statusCode ?? 0
        response.message.resume()
        detail = `HTTP ${status}`
      } catch (error) {
        status = 0
        detail = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      }
      if (status >= 200 && status < 300) {
        options.log(`Health check passed: GET ${url} answered ${status}.`)
        return { url, passed: true, status, attempts, detail }
      }
      const now = clock.now()
      if (now + pause > deadline || signal?.aborted) break
      options.log(
        `Health check: GET ${url} answered ${detail}; trying again in ${Math.round(pause / 1000)}s.`
      )
      await clock.sleep(pause, signal)
      pause = Math.min(pause * 2, 10_000)
    }
  } finally {
    http.dispose()
  }
  return {
    url,
    passed: false,
    status,
    attempts,
    detail: `GET ${url} answered ${detail} after ${attempts} attempt${attempts === 1 ? '' : 's'}; expected a 2xx status.`
  }
}
