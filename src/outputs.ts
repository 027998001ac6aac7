import { aliasUrlOf, statusOf } from './deployment.js'
import type { Report } from './report.js'

/**
 * The step outputs, every name declared in action.yml. Values are strings; a value that is
 * not known is the empty string, so `if:` expressions can test it.
 */
export function outputsOf(report: Report, now: number): Record<string, string> {
  const d = report.deployment
  const meta = d?.deployment_trigger.metadata
  const alias = d ? (aliasUrlOf(d) ?? productionAlias(report)) : undefined
  return {
    'deployment-id': d?.id ?? '',
    'short-id': d?.short_id ?? '',
    url: d?.url ?? '',
    'alias-url': alias ?? '',
    environment: d?.environment ?? '',
    status: report.status ?? (d ? statusOf(d) : ''),
    stage: d?.latest_stage.name ?? '',
    branch: meta?.branch ?? '',
    'commit-hash': meta?.commit_hash ?? '',
    'previous-deployment-id': report.previousDeploymentId ?? '',
    'rolled-back': String(report.rollback !== undefined),
    'rollback-deployment-id': report.rollback?.toDeploymentId ?? '',
    'health-check': report.healthCheck
      ? report.healthCheck.passed
        ? 'passed'
        : 'failed'
      : 'skipped',
    'logs-file': report.logsFile ?? '',
    'duration-seconds': String(Math.round((now - report.startedAt) / 1000)),
    error: report.failure ?? ''
  }

  function productionAlias(r: Report): string | undefined {
    // Production deployments carry no branch alias; their stable address is the project's.
    return d?.environment === 'production' && r.project
      ? `https://${r.project.subdomain}`
      : undefined
  }
}
