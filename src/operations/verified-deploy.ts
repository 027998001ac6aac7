import { CloudflareApiError } from '../cloudflare/errors.js'
import { ChecksNotGreen, waitForChecks } from '../domain/commit-checks.js'
import { commitStatusContext } from '../domain/github-mirror.js'
import type { VerificationRecord } from '../domain/report.js'
import { describeDeployment, resolveBranch, type OperationContext } from './context.js'
import { createOnce } from './create-once.js'
import { isMissing } from './create-project.js'
import { followDeployment } from './follow.js'
import type { DeployTask, VerifySettings } from './settings.js'
import { projectAndFolder, startDeployment } from './trigger.js'
import { input } from '../util/input-names.js'

/**
 * The branch of the verification preview. Cloudflare gives it the alias
 * `pages-pilot-verify.<project>.pages.dev`; the checks use the deployment's own URL, so runs
 * of one project never check each other's preview.
 */
export const VERIFY_BRANCH = 'pages-pilot-verify'

/**
 * `verify-before-production`: the folder is uploaded once and deployed as a preview of
 * {@link VERIFY_BRANCH}, with production's Worker; the preview is checked; only when it passes
 * (and, with `wait-for-checks`, every other check of the commit is green) is the production
 * deployment created, from the same manifest and files, so nothing is uploaded again. It is
 * then followed, checked and rolled back on failure as any production deploy is.
 */
export async function deployVerified(
  context: OperationContext<DeployTask>,
  verify: VerifySettings
): Promise<void> {
  const { client, report, console } = context
  const { start, follow } = context.task
  const { found, upload } = await projectAndFolder(context, start)
  if (!upload || (!isMissing(found) && found.source !== null)) {
    throw new Error(
      `${input('verify-before-production')}: project '${found.name}' builds from its Git repository, so a preview and production would be two builds, not the same files; verify a Direct Upload project's folder (${input('directory')}), or set ${input('verify-before-production', 'false')}.`
    )
  }
  const choice = resolveBranch(context, found, start.branch, start.pullRequest, 'deploy')
  const production = found.production_branch
  if (choice.branch !== production) {
    console.notice(
      `${input('verify-before-production')}: branch ${choice.branch} deploys a preview, not production (${production}), so it is deployed and checked as usual.`
    )
    const deployment = await startDeployment(context, start)
    return followDeployment(context, follow, deployment)
  }

  console.info(
    `${input('verify-before-production')}: deploying the folder as a preview of branch ${VERIFY_BRANCH} first; production (${production}) is created only once it passes.`
  )
  const { uploadDeployment } = await import('./direct-upload.js')
  const uploaded = await uploadDeployment(context, start, upload, found, VERIFY_BRANCH, {
    workerBranch: production
  })
  describeDeployment(console, uploaded.deployment)
  // The preview is not mirrored on GitHub: the deployment there is production's.
  await followDeployment({ ...context, github: undefined }, follow, uploaded.deployment)
  const preview = report.deployment ?? uploaded.deployment
  const record: VerificationRecord = {
    branch: VERIFY_BRANCH,
    deploymentId: preview.id,
    url: preview.url,
    passed: report.failure === undefined && report.status === 'success',
    smoke: report.smoke,
    healthCheck: report.healthCheck,
    failure:
      report.failure ?? (report.status === 'success' ? undefined : `it ended ${report.status}`)
  }
  report.verification = record
  // The preview's checks are the verification's, shown once under it.
  report.smoke = undefined
  report.healthCheck = undefined
  if (!record.passed) {
    report.status = 'failure'
    report.failure = `${input('verify-before-production')}: the preview ${preview.url} did not pass, so production was not touched${report.previousDeploymentId ? ` (it still serves ${report.previousDeploymentId})` : ''}: ${record.failure}`
    return
  }
  console.info(`Verified: preview ${preview.id} passed its checks at ${preview.url}.`)

  if (verify.waitForChecks) {
    const ready = await awaitCommitChecks(context, verify.waitForChecks.commitHash)
    if (!ready) return
  }
  const project = uploaded.project
  console.info(
    `Creating the production deployment of ${production} from the verified files (nothing is uploaded again)...`
  )
  const deployment = await createOnce(context, project, production, () =>
    client.createDeployment(project.name, { ...uploaded.form, branch: production })
  )
  describeDeployment(console, deployment)
  await followDeployment(context, follow, deployment)
}

/** `wait-for-checks`: true once every other check is green; false with the failure recorded. */
async function awaitCommitChecks(
  context: OperationContext<DeployTask>,
  sha: string
): Promise<boolean> {
  const { report, console, clock, signal, commitChecks } = context
  if (!commitChecks)
    throw new Error(`${input('wait-for-checks')}: GitHub is not reachable in this run.`)
  try {
    await waitForChecks(commitChecks.api, {
      sha,
      own: { runUrl: commitChecks.runUrl, statusContext: commitStatusContext(context.projectName) },
      timeoutMs: context.task.follow.waitTimeoutMs,
      pollIntervalMs: context.task.follow.pollIntervalMs,
      clock,
      signal,
      log: (line) => console.info(line),
      onVerdict: (verdict) => (report.commitChecks = verdict)
    })
    return true
  } catch (error) {
    if (error instanceof CloudflareApiError) throw error
    report.status = 'failure'
    if (error instanceof ChecksNotGreen) {
      report.failure = `${input('wait-for-checks')}: ${error.message} Production was not touched.`
      return false
    }
    const status = (error as { status?: unknown }).status
    if (typeof status === 'number') {
      report.failure = `${input('wait-for-checks')}: GitHub refused to list the checks of commit ${sha.slice(0, 12)} (HTTP ${status}); give the job checks: read and statuses: read in its permissions. Production was not touched.`
      return false
    }
    throw error
  }
}
