import type { Deployment } from '../cloudflare/types.js'
import { aliasUrlOf, totalDurationMs } from './deployment.js'
import { formatDuration } from '../util/duration.js'
import { codeSpan, fencedBlock, plainText } from '../util/markdown.js'
import type { Report } from './report.js'

/** Facts about the run that the GitHub mirror and its comment need. */
export interface GitHubRunFacts {
  projectName: string
  /** The commit being deployed: the pull request head, not its merge commit. */
  headSha: string | undefined
  pullRequest: number | undefined
  runUrl: string | undefined
}

export type CommentPhase = 'building' | 'ready' | 'failed' | 'skipped'

/** The hidden marker that makes a project's comment findable across pushes. */
export function commentMarker(projectName: string): string {
  return `<!-- pages-pilot:comment project=${projectName} -->`
}

const HEADLINE: Record<CommentPhase, string> = {
  building: '⏳ Building preview',
  ready: '✅ Preview ready',
  failed: '❌ Preview failed',
  skipped: '⏭️ Build skipped'
}

/** The sticky pull-request comment for one project, at one phase of its deployment. */
export function commentBody(
  facts: GitHubRunFacts,
  deployment: Deployment,
  phase: CommentPhase,
  now: number,
  report?: Report
): string {
  const meta = deployment.deployment_trigger.metadata
  const alias = aliasUrlOf(deployment)
  const rows: Array<[string, string]> = []
  if (phase === 'ready') {
    rows.push(['Preview', autolink(alias ?? deployment.url)])
    if (alias) rows.push(['This commit', autolink(deployment.url)])
  }
  // Everything below but the run's link comes from the event or the API: text, never markup.
  rows.push(['Commit', codeSpan((facts.headSha ?? meta.commit_hash).slice(0, 12))])
  rows.push(['Branch', codeSpan(meta.branch)])
  rows.push([
    'Status',
    phase === 'building'
      ? plainText(`${deployment.latest_stage.name}: ${deployment.latest_stage.status}`)
      : phase
  ])
  if (phase !== 'building')
    rows.push(['Build time', formatDuration(totalDurationMs(deployment, now))])
  if (facts.runUrl) rows.push(['Workflow run', `[logs](${facts.runUrl})`])
  const lines = [
    commentMarker(facts.projectName),
    `### ${HEADLINE[phase]}: ${codeSpan(facts.projectName)}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)
  ]
  const smoke = report?.smoke ?? report?.verification?.smoke
  if (smoke && phase !== 'building') {
    lines.push(
      '',
      `**Smoke checks** on ${autolink(smoke.url)}:`,
      '',
      '| Path | Expected | Got | Time |',
      '|---|---|---|---|',
      ...smoke.results.map((r) =>
        [
          codeSpan(r.path),
          plainText(r.expected),
          r.ok ? `✅ ${r.status}` : `❌ ${r.status || 'no answer'}: ${plainText(r.problem)}`,
          formatDuration(r.ms)
        ]
          .map((cell) => cell.replace(/\|/g, '\\|'))
          .join(' | ')
          .replace(/^/, '| ')
          .replace(/$/, ' |')
      )
    )
  }
  if (phase === 'failed' && report) {
    if (report.failure) lines.push('', '**What went wrong:**', '', ...fencedBlock([report.failure]))
    if (report.logTail.length > 0) {
      lines.push(
        '',
        '<details><summary>Build log (last lines)</summary>',
        '',
        ...fencedBlock(report.logTail),
        '',
        '</details>'
      )
    }
  }
  return lines.join('\n')
}

/** `<url>` for an http(s) URL from the API; anything else as a code span, never a link. */
function autolink(url: string): string {
  return /^https:\/\/[^\s<>]+$/i.test(url) ? `<${url}>` : codeSpan(url)
}
