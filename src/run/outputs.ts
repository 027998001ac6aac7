import { aliasUrlOf, statusOf } from '../domain/deployment.js'
import { inactiveDomains, sourceOf } from '../domain/project.js'
import type { Report } from '../domain/report.js'

/**
 * The step outputs, every name declared in action.yml. Values are strings; a value that is
 * not known is the empty string, so `if:` expressions can test it.
 */
export function outputsOf(report: Report, now: number): Record<string, string> {
  const d = report.deployment
  const meta = d?.deployment_trigger.metadata
  // Cloudflare's alias once it names one; until then, the one computed from the branch.
  const predicted = report.predictedAlias
  const alias =
    (d ? aliasUrlOf(d, report.project?.subdomain) : undefined) ??
    (predicted && predicted.kind !== 'random' ? predicted.url : undefined)
  // A deploy hook without API access names the deployment it started, and nothing more.
  const hookId = report.deployHook?.deploymentId
  const project = report.project
  const cleanup = report.cleanup
  const domains = report.domains
  // The checks of the deployment the run is about; else those that stopped a verification.
  const smoke = report.smoke ?? report.verification?.smoke
  const checked =
    report.smoke ??
    report.healthCheck ??
    report.verification?.smoke ??
    report.verification?.healthCheck
  return {
    'deployment-id': d?.id ?? hookId ?? '',
    'short-id': d?.short_id ?? hookId?.slice(0, 8) ?? '',
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
    'files-found': count(report.upload?.found),
    'files-uploaded': count(report.upload?.uploaded),
    'files-skipped': count(report.upload?.alreadyUploaded),
    'bytes-uploaded': count(report.upload?.bytesUploaded),
    'health-check': checked ? (checked.passed ? 'passed' : 'failed') : 'skipped',
    'smoke-results': smoke
      ? JSON.stringify(
          smoke.results.map((r) => ({
            path: r.path,
            ok: r.ok,
            status: r.status,
            ms: r.ms,
            problem: r.problem
          }))
        )
      : '',
    'verified-deployment-id': report.verification?.passed ? report.verification.deploymentId : '',
    'logs-file': report.logsFile ?? '',
    'duration-seconds': String(Math.round((now - report.startedAt) / 1000)),
    error: report.failure ?? '',
    'deleted-count': cleanup ? String(cleanup.deleted.length) : '',
    'kept-count': cleanup ? String(cleanup.kept.length) : '',
    'deleted-ids': cleanup ? cleanup.deleted.map((e) => e.id).join(',') : '',
    'production-branch': project?.production_branch ?? '',
    'project-created': String(report.projectCreated),
    subdomain: project?.subdomain ?? '',
    domains: project ? JSON.stringify(project.domains) : '',
    'canonical-deployment-id': project?.canonical_deployment?.id ?? '',
    'latest-deployment-id': project?.latest_deployment?.id ?? '',
    source: project ? sourceOf(project) : '',
    'domains-status': domains
      ? JSON.stringify(
          domains.map((domain) => ({
            name: domain.name,
            status: domain.status,
            validation: domain.validation_data?.status ?? null,
            verification: domain.verification_data?.status ?? null,
            error:
              domain.validation_data?.error_message ??
              domain.verification_data?.error_message ??
              null
          }))
        )
      : '',
    'variables-changed': report.variables ? String(report.variables.changed) : '',
    'inactive-domains': domains
      ? inactiveDomains(domains)
          .map((domain) => domain.name)
          .join(',')
      : ''
  }
}

/** A count output: empty when the run did not produce it. */
function count(value: number | undefined): string {
  return value === undefined ? '' : String(value)
}
