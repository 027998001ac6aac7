import type { Report } from '../domain/report.js'
import { redact } from '../util/secrets.js'
import { outputsOf } from './outputs.js'
import { renderSummary } from './summary.js'

/** What a finished run hands its entry point: every value already redacted. */
export interface Conclusion {
  /** The step outputs, every name declared in action.yml. */
  outputs: Record<string, string>
  /** The job summary (HTML that GitHub renders). */
  summary: string
  /**
   * `pages-pilot <operation>: <why>` when the run failed, then the first error lines of a
   * failed build's log: the one annotation of the failure.
   */
  failure: string | undefined
}

export function conclude(report: Report, now: number, runUrl: string | undefined): Conclusion {
  const outputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(outputsOf(report, now))) outputs[name] = redact(value)
  const failure = report.failure
    ? redact(
        [
          `pages-pilot ${report.operation ?? ''}: ${report.failure}`.replace(/ +:/, ':'),
          ...(report.firstErrorLines.length > 0
            ? ['First errors in the build log:', ...report.firstErrorLines]
            : [])
        ].join('\n')
      )
    : undefined
  return { outputs, summary: renderSummary(report, now, runUrl), failure }
}
