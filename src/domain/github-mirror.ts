import { isSiteCheckFailure } from './health-check.js'
import type { Deployment } from '../cloudflare/types.js'
import { aliasUrlOf, finalOutcome, totalDurationMs } from './deployment.js'
import { formatDuration } from '../util/duration.js'
import type { Report } from './report.js'
import type { CommitState, DeploymentState, GitHubApi } from '../github/api.js'
import { redact } from '../util/secrets.js'
import { removedRow, rowFor, type CommentPhase, type GitHubRunFacts } from './pr-comment.js'
import { PreviewComment } from './preview-comment.js'
import type { PreviewRow } from './preview-table.js'
import { CanceledError } from '../util/canceled.js'
import type { Clock } from '../util/clock.js'

/** The context of the commit status pages-pilot writes for a project. */
export function commitStatusContext(projectName: string): string {
  return `pages-pilot/${projectName}`
}

/** What the user turned on, from the `github-*`, `comment-on-pr` and `commit-status` inputs. */
export interface GitHubFeatures {
  deployment: boolean
  /** GitHub environment name; defaults to `<project> (Production)` / `<project> (Preview)`. */
  environment: string | undefined
  comment: boolean
  commitStatus: boolean
}

type Feature = 'deployment' | 'comment' | 'status'

/** The permission each feature needs, named as in a workflow's `permissions:` block. */
const PERMISSION: Record<Feature, string> = {
  deployment: 'deployments: write',
  comment: 'pull-requests: write',
  status: 'statuses: write'
}

const LABEL: Record<Feature, string> = {
  deployment: 'GitHub deployment',
  comment: 'pull request comment',
  status: 'commit status'
}

/**
 * Mirrors a Cloudflare deployment on GitHub: a Deployment with statuses, this project's row in
 * the pull request's shared comment and a commit status. It never fails the run: a missing permission turns the feature
 * off with a warning that names the permission to add; any other error is a warning too.
 */
export class GitHubMirror {
  private readonly enabled: Set<Feature>
  private githubDeploymentId: number | undefined
  private readonly comment: PreviewComment | undefined
  private announcedBuilding = false
  /** GitHub stopped answering in time: no further call is made in this run. */
  private unreachable = false

  constructor(
    private readonly api: GitHubApi,
    private readonly features: GitHubFeatures,
    private readonly facts: GitHubRunFacts,
    private readonly warn: (message: string) => void,
    private readonly clock: Clock,
    random: () => number = Math.random
  ) {
    this.enabled = new Set<Feature>()
    if (features.deployment) this.enabled.add('deployment')
    if (features.comment && facts.pullRequest !== undefined) {
      this.enabled.add('comment')
      this.comment = new PreviewComment({ api, issue: facts.pullRequest, clock, random, warn })
    }
    if (features.commitStatus) this.enabled.add('status')
  }

  /** Closes the connections to GitHub. */
  dispose(): void {
    this.api.dispose()
  }

  /** The Cloudflare deployment exists (created, or found for the commit). */
  async started(deployment: Deployment, report: Report): Promise<void> {
    await this.guard('deployment', async () => {
      const production = deployment.environment === 'production'
      const created = await this.api.createDeployment({
        ref: this.sha(deployment),
        environment: this.environmentName(deployment),
        description: `Cloudflare Pages ${deployment.environment} deployment of ${this.facts.projectName}`,
        transient: !production,
        production,
        payload: {
          cloudflare_deployment_id: deployment.id,
          project: this.facts.projectName,
          branch: deployment.deployment_trigger.metadata.branch
        }
      })
      this.githubDeploymentId = created.id
      await this.deploymentStatus('queued', 'Queued on Cloudflare Pages')
    })
    await this.guard('status', () =>
      this.commitStatus(deployment, 'pending', 'Building on Cloudflare Pages')
    )
    await this.guard('comment', () => this.putRow(deployment, 'building', report))
  }

  /** Called with each fresh read while waiting; reports the build starting once. */
  async progressed(deployment: Deployment): Promise<void> {
    if (this.announcedBuilding || deployment.latest_stage.name === 'queued') return
    this.announcedBuilding = true
    await this.guard('deployment', () =>
      this.deploymentStatus('in_progress', 'Building on Cloudflare Pages')
    )
  }

  /**
   * A `rollback` operation moved production: retire the GitHub deployment of what was live and
   * mark the restored one successful again. Deploys report their own rollbacks in `finished`.
   */
  async productionRolledBack(report: Report): Promise<void> {
    const rollback = report.rollback
    const restored = report.deployment
    if (!rollback || !restored) return
    await this.guard('deployment', async () => {
      const environment = this.environmentName(restored)
      const deployments = await this.api.listDeployments(environment)
      const byCloudflareId = (id: string | undefined) =>
        deployments.find(
          (d) =>
            (d.payload as { cloudflare_deployment_id?: string } | null)
              ?.cloudflare_deployment_id === id
        )
      const retired = byCloudflareId(rollback.fromDeploymentId)
      if (retired) {
        await this.api.createDeploymentStatus(retired.id, {
          state: 'inactive',
          description: `Rolled back to ${rollback.toDeploymentId.slice(0, 8)}`
        })
      }
      const revived = byCloudflareId(rollback.toDeploymentId)
      if (revived) {
        await this.api.createDeploymentStatus(revived.id, {
          state: 'success',
          description: 'Serving production again after a rollback',
          environmentUrl: rollback.toUrl
        })
      }
    })
  }

  /** The run is over: mirror its outcome. */
  async finished(report: Report): Promise<void> {
    const deployment = report.deployment
    if (!deployment) return
    const outcome = report.failure
      ? finalOutcome(deployment)
        ? 'failure'
        : 'error'
      : finalOutcome(deployment)
    const url =
      deployment.environment === 'preview'
        ? (aliasUrlOf(deployment) ?? deployment.url)
        : deployment.url
    const took = formatDuration(totalDurationMs(deployment, this.clock.now()))
    if (outcome === 'success') {
      await this.guard('deployment', () =>
        this.deploymentStatus('success', `Deployed in ${took}`, { environmentUrl: url })
      )
      await this.guard('status', () =>
        this.commitStatus(deployment, 'success', `Deployed in ${took}`, url)
      )
      await this.guard('comment', () => this.putRow(deployment, 'ready', report))
      return
    }
    if (outcome === 'skipped') {
      await this.guard('deployment', () =>
        this.deploymentStatus('inactive', 'Cloudflare skipped this build')
      )
      await this.guard('status', () =>
        this.commitStatus(deployment, 'success', 'Cloudflare skipped this build')
      )
      await this.guard('comment', () => this.putRow(deployment, 'skipped', report))
      return
    }
    if (outcome === undefined) return // still running (trigger): statuses stay queued/pending
    const state = outcome === 'failure' ? 'failure' : 'error'
    const why = (report.failure ?? 'failed').slice(0, 120)
    const logUrl = this.facts.runUrl
    await this.guard('deployment', async () => {
      await this.deploymentStatus(state, why, logUrl ? { logUrl } : {})
      const rollback = report.rollback
      if (rollback)
        await this.rolledBack(
          rollback.toDeploymentId,
          rollback.toUrl,
          this.environmentName(deployment)
        )
    })
    await this.guard('status', () => this.commitStatus(deployment, state, why, logUrl))
    await this.guard('comment', () => this.putRow(deployment, 'failed', report))
  }

  /** Production was rolled back: retire this run's deployment, revive the restored one. */
  private async rolledBack(
    restoredId: string,
    restoredUrl: string | undefined,
    environment: string
  ): Promise<void> {
    await this.deploymentStatus('inactive', `Rolled back to ${restoredId.slice(0, 8)}`)
    const earlier = (await this.api.listDeployments(environment)).find(
      (d) =>
        (d.payload as { cloudflare_deployment_id?: string } | null)?.cloudflare_deployment_id ===
        restoredId
    )
    if (!earlier) return
    await this.api.createDeploymentStatus(earlier.id, {
      state: 'success',
      description: 'Serving production again after a rollback',
      ...(restoredUrl ? { environmentUrl: restoredUrl } : {})
    })
  }

  /**
   * Whether a pages-pilot run recorded on GitHub that `deployment` failed its health check:
   * a status of its GitHub deployment, or the current commit status of its commit, saying so. `undefined`
   * when neither feature is on (or GitHub does not answer): then nothing is known either way.
   */
  async recordedHealthFailure(deployment: Deployment): Promise<boolean | undefined> {
    if (this.unreachable) return undefined
    const failed = isSiteCheckFailure
    if (this.enabled.has('deployment')) {
      try {
        const environment = this.environmentName(deployment)
        const mirrored = (await this.api.listDeployments(environment)).filter(
          (d) =>
            (d.payload as { cloudflare_deployment_id?: string } | null)
              ?.cloudflare_deployment_id === deployment.id
        )
        for (const d of mirrored) {
          const statuses = await this.api.listDeploymentStatuses(d.id)
          if (statuses.some((status) => failed(status.description))) return true
        }
        if (mirrored.length > 0) return false
      } catch {
        // Unknown, as if the feature were off; the commit status may still tell.
      }
    }
    if (this.enabled.has('status')) {
      try {
        const mine = `pages-pilot/${this.facts.projectName}`
        const sha = deployment.deployment_trigger.metadata.commit_hash
        if (!sha) return undefined
        const statuses = (await this.api.listCommitStatuses(sha)).filter((s) => s.context === mine)
        if (statuses.length === 0) return undefined
        return statuses.some((status) => failed(status.description))
      } catch {
        return undefined
      }
    }
    return undefined
  }

  /**
   * A branch's previews were torn down: its row of the pull request's comment says Removed
   * instead of Ready. A project with no row gets none.
   */
  async previewRemoved(): Promise<void> {
    await this.guard('comment', async () => {
      const now = this.clock.now()
      await this.comment?.put(this.facts.projectName, (current: PreviewRow | undefined) =>
        current ? removedRow(this.facts, current, now) : undefined
      )
    })
  }

  /** A branch's previews were torn down: mark its GitHub deployments inactive. */
  async retireBranch(branch: string): Promise<number> {
    let retired = 0
    await this.guard('deployment', async () => {
      const environment = this.features.environment ?? `${this.facts.projectName} (Preview)`
      for (const d of await this.api.listDeployments(environment)) {
        const payload = d.payload as { project?: string; branch?: string } | null
        if (payload?.project !== this.facts.projectName || payload.branch !== branch) continue
        await this.api.createDeploymentStatus(d.id, {
          state: 'inactive',
          description: 'Preview torn down'
        })
        retired++
      }
    })
    return retired
  }

  private async deploymentStatus(
    state: DeploymentState,
    description: string,
    links: { environmentUrl?: string; logUrl?: string } = {}
  ): Promise<void> {
    if (this.githubDeploymentId === undefined) return
    await this.api.createDeploymentStatus(this.githubDeploymentId, {
      state,
      description: redact(description),
      ...links
    })
  }

  private async commitStatus(
    deployment: Deployment,
    state: CommitState,
    description: string,
    targetUrl?: string
  ): Promise<void> {
    const url = targetUrl ?? this.facts.runUrl
    await this.api.createCommitStatus(this.sha(deployment), {
      state,
      context: commitStatusContext(this.facts.projectName),
      description: redact(description),
      ...(url ? { targetUrl: url } : {})
    })
  }

  /** This project's row of the pull request's comment, at `phase`. */
  private async putRow(deployment: Deployment, phase: CommentPhase, report: Report): Promise<void> {
    const row = rowFor(this.facts, deployment, phase, this.clock.now(), report)
    await this.comment?.put(this.facts.projectName, () => row)
  }

  private sha(deployment: Deployment): string {
    return this.facts.headSha ?? deployment.deployment_trigger.metadata.commit_hash
  }

  private environmentName(deployment: Deployment): string {
    if (this.features.environment) return this.features.environment
    const kind = deployment.environment === 'production' ? 'Production' : 'Preview'
    return `${this.facts.projectName} (${kind})`
  }

  /**
   * Runs one feature's call; GitHub never decides the run's outcome. A permission error turns the
   * feature off with a warning naming the permission. A call that got no answer in time (or was
   * cut by a cancel) turns every feature off: a stalled GitHub costs one bounded delay, not one
   * per call.
   */
  private async guard(feature: Feature, call: () => Promise<void>): Promise<void> {
    if (this.unreachable || !this.enabled.has(feature)) return
    try {
      await call()
    } catch (error) {
      const status = (error as { status?: number }).status
      // Octokit appends the documentation URL; the permission hint says more.
      const detail = ((error as Error).message.split('\n')[0] ?? '').replace(
        / - https?:\/\/\S+$/,
        ''
      )
      if (noAnswer(error)) {
        this.unreachable = true
        this.warn(
          `GitHub did not answer the ${LABEL[feature]} request in time (${detail}), so pages-pilot makes no further GitHub calls in this run. The Cloudflare deployment and this step's outcome do not depend on GitHub.`
        )
      } else if (status === 403 || status === 404) {
        this.enabled.delete(feature)
        this.warn(
          `The ${LABEL[feature]} was skipped: GitHub refused it (HTTP ${status}: ${detail}). Add \`${PERMISSION[feature]}\` to the job's \`permissions:\` block.`
        )
      } else {
        this.warn(`The ${LABEL[feature]} could not be updated: ${detail}`)
      }
    }
  }
}

/**
 * A request that got no answer: its deadline passed or the run's cancel cut it. Octokit wraps
 * what its fetch throws, so the cause chain is searched.
 */
function noAnswer(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    if (cause instanceof CanceledError) return true
    if ((cause as NodeJS.ErrnoException).code === 'ETIMEDOUT') return true
    cause = (cause as { cause?: unknown }).cause
  }
  return false
}
