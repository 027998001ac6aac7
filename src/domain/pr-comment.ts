import type { Deployment } from '../cloudflare/types.js'
import { aliasUrlOf, totalDurationMs } from './deployment.js'
import type { PreviewRow, RowStatus } from './preview-table.js'
import type { Report } from './report.js'

/** Facts about the run that the GitHub mirror and its comment need. */
export interface GitHubRunFacts {
  projectName: string
  /** The commit being deployed: the pull request head, not its merge commit. */
  headSha: string | undefined
  pullRequest: number | undefined
  runUrl: string | undefined
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT: which of two rows of a project is newer. */
  runId?: number | undefined
  runAttempt?: number | undefined
}

export type CommentPhase = Exclude<RowStatus, 'removed'>

/** This project's row of the pull request's comment, at one phase of its deployment. */
export function rowFor(
  facts: GitHubRunFacts,
  deployment: Deployment,
  phase: CommentPhase,
  now: number,
  report: Report
): PreviewRow {
  const predicted = report.predictedAlias
  const alias =
    aliasUrlOf(deployment) ??
    (predicted !== undefined && predicted.kind !== 'random' ? predicted.url : undefined)
  return {
    project: facts.projectName,
    status: phase,
    preview: phase === 'ready' ? (alias ?? deployment.url) : alias,
    deploymentUrl: deployment.url,
    commit: facts.headSha ?? (deployment.deployment_trigger.metadata.commit_hash || undefined),
    buildMs: phase === 'building' ? undefined : totalDurationMs(deployment, now),
    check: checkOf(report, deployment),
    failure: phase === 'failed' ? failureOf(deployment, report) : undefined,
    runUrl: facts.runUrl,
    order: orderOf(facts, now)
  }
}

/** The row of a torn-down preview: what it was, marked removed. */
export function removedRow(facts: GitHubRunFacts, current: PreviewRow, now: number): PreviewRow {
  return {
    project: current.project,
    status: 'removed',
    commit: current.commit,
    runUrl: facts.runUrl,
    order: orderOf(facts, now)
  }
}

function orderOf(facts: GitHubRunFacts, now: number): PreviewRow['order'] {
  return { run: facts.runId ?? 0, attempt: facts.runAttempt ?? 0, at: Math.round(now) }
}

/** Where it stopped: the health check, or the stage that failed, with the line that says why. */
/** The row's check: the smoke checks (their paths, and the failed ones' problems), or the health check. */
function checkOf(report: Report, deployment: Deployment): PreviewRow['check'] {
  const smoke = report.smoke ?? report.verification?.smoke
  if (smoke) {
    const failed = smoke.results.filter((r) => !r.ok)
    return {
      path: smoke.results.map((r) => r.path).join(' '),
      passed: smoke.passed,
      detail: failed.length > 0 ? failed.map((r) => `${r.path} ${r.problem}`).join('; ') : undefined
    }
  }
  const check = report.healthCheck
  return check
    ? { path: pathOf(check.url, deployment.url), passed: check.passed, detail: check.detail }
    : undefined
}

function failureOf(deployment: Deployment, report: Report): PreviewRow['failure'] {
  const smoke = report.smoke ?? report.verification?.smoke
  if (smoke && !smoke.passed) {
    const first = smoke.results.find((r) => !r.ok)
    return { stage: 'smoke checks', line: first ? `${first.path} ${first.problem}` : undefined }
  }
  const check = report.healthCheck
  if (check && !check.passed) return { stage: 'health check', line: check.detail }
  return {
    stage: deployment.latest_stage.name,
    line: report.firstErrorLines[0] ?? report.failure?.split('\n')[0]
  }
}

/** The path the health check asked for, as the user wrote it: after the deployment's URL. */
function pathOf(url: string, deploymentUrl: string): string {
  const base = deploymentUrl.replace(/\/+$/, '')
  if (url.startsWith(`${base}/`)) return url.slice(base.length)
  try {
    const parsed = new URL(url)
    return `${parsed.pathname}${parsed.search}`
  } catch {
    return url
  }
}
