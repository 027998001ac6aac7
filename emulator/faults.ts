/**
 * Scripted faults: a queue of transport and API failures that the next matching requests hit.
 * This module decides which fault applies and builds the answers that are plain responses;
 * the server carries out the socket-level ones (hang, reset, truncation).
 */
import { failure, jsonResponse, type EmulatorResponse } from './envelope.js'
import type { Fault } from './types.js'

/** Faults in the order they were added, each with its remaining hit count. */
export class FaultQueue {
  private queue: Array<{ fault: Fault; remaining: number }> = []

  /** Appends faults; `times` defaults to 1. */
  add(...faults: Fault[]): void {
    for (const fault of faults) {
      const remaining = fault.times ?? 1
      if (remaining > 0) this.queue.push({ fault, remaining })
    }
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue = []
  }

  /** Consumes one hit of the first fault matching the request, if any. */
  take(method: string, path: string): Fault | undefined {
    const index = this.queue.findIndex((entry) => faultMatches(entry.fault, method, path))
    const entry = this.queue[index]
    if (!entry) return undefined
    entry.remaining -= 1
    if (entry.remaining <= 0) this.queue.splice(index, 1)
    return entry.fault
  }
}

/** Whether a fault applies to a request: method case-insensitively, path as substring or RegExp. */
export function faultMatches(fault: Fault, method: string, path: string): boolean {
  const match = fault.match
  if (!match) return true
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false
  if (match.path === undefined || path.includes(match.path)) return true
  try {
    return new RegExp(match.path).test(path)
  } catch {
    return false
  }
}

const STATUS_TITLES: Record<number, string> = {
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway time-out',
  520: 'Web server is returning an unknown error',
  521: 'Web server is down',
  522: 'Connection timed out',
  523: 'Origin is unreachable',
  524: 'A timeout occurred'
}

/** The answer of a `status`, `non-json` or `success-false` fault. */
export function faultResponse(
  fault: Extract<Fault, { kind: 'status' | 'non-json' | 'success-false' }>
): EmulatorResponse {
  if (fault.kind === 'non-json') {
    // What a captive proxy or a challenge page would put in front of the API.
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=UTF-8' },
      body: '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser before accessing api.cloudflare.com.</body></html>'
    }
  }
  if (fault.kind === 'success-false') return failure(200, fault.code, fault.message)
  const headers: Record<string, string> = {}
  if (fault.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(fault.retryAfterSeconds)
  // Gateway errors come from Cloudflare's edge as HTML; API-level ones as JSON envelopes.
  const body = fault.body ?? (fault.status >= 500 ? 'html' : 'json')
  if (body === 'empty') return { status: fault.status, headers, body: '' }
  if (body === 'html') {
    return {
      status: fault.status,
      headers: { 'content-type': 'text/html; charset=UTF-8', ...headers },
      body: cloudflareErrorPage(fault.status)
    }
  }
  const code =
    fault.status === 429 ? 971 : fault.status === 401 || fault.status === 403 ? 10000 : 8000000
  const message =
    fault.status === 429
      ? 'Please wait and consider throttling your request speed'
      : code === 10000
        ? 'Authentication error'
        : 'An unknown error occurred. Please try again.'
  const envelope = { success: false, errors: [{ code, message }], messages: [], result: null }
  return jsonResponse(fault.status, envelope, headers)
}

/** An HTML page in the style of Cloudflare's edge error pages ("Error 524 A timeout occurred"). */
export function cloudflareErrorPage(status: number): string {
  const title = STATUS_TITLES[status] ?? 'Error'
  return [
    '<!DOCTYPE html>',
    '<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->',
    '<html class="no-js" lang="en-US">',
    `<head><title>api.cloudflare.com | ${status}: ${title}</title>`,
    '<meta charset="UTF-8" /><meta name="robots" content="noindex, nofollow" /></head>',
    '<body><div id="cf-wrapper"><div id="cf-error-details" class="cf-error-details-wrapper">',
    `<h1><span class="cf-error-type">Error</span> <span class="cf-error-code">${status}</span></h1>`,
    `<h2 class="cf-subheadline">${title}</h2>`,
    `<span class="cf-footer-item">Cloudflare Ray ID: <strong>${Date.now().toString(16)}</strong></span>`,
    '</div></div></body></html>'
  ].join('\n')
}
