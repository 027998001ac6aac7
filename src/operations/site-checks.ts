import type { Deployment } from '../cloudflare/types.js'
import {
  deploymentHosts,
  HEALTH_FAILURE,
  healthCheckUrl,
  runHealthCheck,
  SMOKE_FAILURE
} from '../domain/health-check.js'
import { runSmokeChecks } from '../domain/smoke-run.js'
import type { OperationContext } from './context.js'
import type { FollowSettings } from './settings.js'
import { input } from '../util/input-names.js'

/**
 * Checks a deployment that went live: its smoke checks, or else its health check, recorded in
 * the report. Resolves with why it failed, or `undefined` when it passed (or nothing was asked).
 */
export async function checkSite(
  context: OperationContext<unknown>,
  follow: FollowSettings,
  deployment: Deployment
): Promise<string | undefined> {
  const { report, clock, signal, console } = context
  const hosts = deploymentHosts(
    [deployment.url, ...(deployment.aliases ?? [])],
    report.project?.domains ?? []
  )
  if (follow.smoke) {
    const { checks, timeoutMs } = follow.smoke
    console.info(
      `Running ${checks.length} smoke check${checks.length === 1 ? '' : 's'} on ${deployment.url} (${input('health-check-timeout', `${Math.round(timeoutMs / 1000)}s`)})...`
    )
    const results = await runSmokeChecks(checks, {
      baseUrl: deployment.url,
      hosts,
      headers: follow.siteHeaders,
      timeoutMs,
      requestTimeoutMs: context.requestTimeoutMs,
      clock,
      signal,
      log: (line) => console.info(line)
    })
    const failed = results.filter((r) => !r.ok)
    report.smoke = {
      deploymentId: deployment.id,
      url: deployment.url,
      results,
      passed: failed.length === 0
    }
    if (failed.length === 0) return undefined
    return `${SMOKE_FAILURE}: ${failed.length} of ${results.length} failed on ${deployment.url}: ${failed
      .map((r) => `${r.path} ${r.problem}`)
      .join('; ')}.`
  }
  const check = follow.healthCheck
  if (!check) return undefined
  const result = await runHealthCheck(healthCheckUrl(deployment.url, check.path), {
    hosts,
    headers: follow.siteHeaders,
    timeoutMs: check.timeoutMs,
    requestTimeoutMs: context.requestTimeoutMs,
    clock,
    signal,
    log: (line) => console.info(line)
  })
  report.healthCheck = result
  return result.passed ? undefined : `${HEALTH_FAILURE}: ${result.detail}`
}
