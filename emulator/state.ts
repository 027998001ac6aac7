/**
 * In-memory projects and deployments. Records hold only what was decided at creation time;
 * stage progress, the live deployment and visibility are derived from the clock on every read.
 */
import { AssetStore } from './uploads.js'
import { branchSlug } from './branch-alias.js'
import { randomBytes, randomUUID } from 'node:crypto'
import type {
  DeploymentTriggerType,
  Domain,
  EnvVar,
  Environment,
  ProjectSource,
  StageName
} from '../src/cloudflare/types.js'
import { ApiError, EmulatorCode } from './envelope.js'
import {
  mergeDeploymentConfig,
  newDeploymentConfig,
  type ProjectUpdate,
  type StoredDeploymentConfig
} from './project-settings.js'
import {
  DEFAULT_STAGE_DURATIONS_MS,
  REALISTIC_STAGE_DURATIONS_MS,
  deployedAtMs,
  mergeDurations,
  type StagePlan
} from './stages.js'
import type {
  AddProjectOptions,
  DeploymentOutcome,
  DeploymentUpload,
  DeploymentScript,
  SeedDeploymentOptions,
  SimulatePushOptions
} from './types.js'

/** One deployment as stored: its plan plus the trigger metadata. */
export interface DeploymentRecord extends StagePlan {
  id: string
  /** Creation order, breaking ties between equal timestamps. */
  seq: number
  project: ProjectRecord
  environment: Environment
  branch: string
  /** The label of its branch alias (`<label>.<subdomain>`), fixed when it is created. */
  aliasLabel: string
  /** How long after its creation the deployment still lists no alias. */
  aliasLateMs: number
  commitHash: string
  commitMessage: string
  commitDirty: boolean
  triggerType: DeploymentTriggerType
  siteStatus: number
  /** Paths the site answers with a 302 to the location given. */
  siteRedirects: Record<string, string>
  logLines: string[]
  /** The variables of its environment when it was created, secrets with their values. */
  envVars: Record<string, EnvVar>
  deleted: boolean
  /** What a Direct Upload sent: the manifest, the form's fields and files, the checked Worker. */
  upload?: DeploymentUpload
}

/** One project as stored. */
export interface ProjectRecord {
  id: string
  name: string
  /** Its pages.dev host name: `<name>.pages.dev`, or another one when that was taken. */
  subdomain: string
  productionBranch: string
  source: ProjectSource | null
  createdMs: number
  domains: Domain[]
  /** In creation order. */
  deployments: DeploymentRecord[]
  /** Head commit of each branch, used when a deployment is started without a commit. */
  heads: Map<string, { sha: string; message: string }>
  /** Scripts for the next deployments, consumed in order. */
  scripts: DeploymentScript[]
  /** The last rollback; it stays live until a newer production deployment goes live. */
  rollback: { id: string; atMs: number } | null
  /** `deployment_configs`: each environment's variables and settings. */
  configs: Record<Environment, StoredDeploymentConfig>
}

/** What a new deployment needs besides its project. */
interface NewDeployment {
  branch: string
  commitHash?: string | undefined
  commitMessage?: string | undefined
  commitDirty?: boolean
  environment?: Environment | undefined
  triggerType: DeploymentTriggerType
  createdMs: number
  script: DeploymentScript
  durations?: Record<StageName, number>
}

const PROJECT_NAME = /^[a-z0-9][a-z0-9-]*$/

const COMMIT_MESSAGES = [
  'Update landing page copy',
  'Fix broken link in footer',
  'Add pricing section',
  'Bump dependencies',
  'Refactor header navigation',
  'Improve image loading performance'
]

/** Random 40-hex commit sha. */
export function randomSha(): string {
  return randomBytes(20).toString('hex')
}

/** The store. Methods take `now` so that one request sees one instant. */
export class EmulatorState {
  /** Set once the server listens; deployment URLs point back at it. */
  origin = ''
  readonly projects = new Map<string, ProjectRecord>()
  /** pages.dev names held by other accounts: a new project cannot have them. */
  readonly takenSubdomains = new Set<string>()
  /** Deploy hooks by id. */
  readonly hooks = new Map<
    string,
    { id: string; name: string; project: ProjectRecord; branch: string }
  >()
  /** Uploaded asset contents and upload tokens (Direct Upload). */
  readonly assets = new AssetStore()
  private readonly byId = new Map<string, DeploymentRecord>()
  private seq = 0

  constructor(private readonly defaultDurations: Record<StageName, number>) {}

  /** Forgets everything. */
  reset(): void {
    this.projects.clear()
    this.takenSubdomains.clear()
    this.byId.clear()
    this.hooks.clear()
    this.assets.reset()
    this.listOrder = 'newest-first'
  }

  /** Creates a deploy hook; its id is a UUID like Cloudflare's, and the hook's only secret. */
  addHook(
    project: ProjectRecord,
    options: { branch?: string | undefined; name?: string | undefined }
  ): { id: string; name: string; project: ProjectRecord; branch: string } {
    const hook = {
      id: randomUUID(),
      name: options.name ?? `hook-${this.hooks.size + 1}`,
      project,
      branch: options.branch ?? project.productionBranch
    }
    this.hooks.set(hook.id, hook)
    return hook
  }

  /** Creates a project; throws `ApiError` on a bad or duplicate name. */
  addProject(options: AddProjectOptions, now: number): ProjectRecord {
    const { name } = options
    if (!PROJECT_NAME.test(name)) {
      throw new ApiError(400, EmulatorCode.invalidProjectName, `Invalid project name "${name}".`)
    }
    if (this.projects.has(name)) {
      throw new ApiError(
        409,
        EmulatorCode.projectExists,
        'A project with this name already exists. Choose a different project name.'
      )
    }
    const productionBranch = options.productionBranch ?? 'main'
    const source: ProjectSource | null =
      options.source === 'direct'
        ? null
        : {
            type: 'github',
            config: {
              owner: 'pages-pilot-demo',
              repo_name: name,
              production_branch: productionBranch,
              deployments_enabled: true,
              production_deployments_enabled: true,
              preview_deployment_setting: 'all'
            }
          }
    const project: ProjectRecord = {
      id: randomUUID(),
      name,
      subdomain: this.freeSubdomain(name),
      productionBranch,
      source,
      createdMs: now,
      domains: (options.domains ?? []).map((d) => domainRecord(d.name, d.status, now)),
      deployments: [],
      heads: new Map([[productionBranch, { sha: randomSha(), message: COMMIT_MESSAGES[0] ?? '' }]]),
      scripts: [],
      rollback: null,
      configs: {
        preview: newDeploymentConfig(now, options.deploymentConfigs?.preview),
        production: newDeploymentConfig(now, options.deploymentConfigs?.production)
      }
    }
    this.projects.set(name, project)
    return project
  }

  /**
   * Applies a checked `PATCH …/projects/{name}` (see project-settings.ts). A Git project keeps
   * its production branch in its source's config too, so both change.
   */
  updateProject(project: ProjectRecord, update: ProjectUpdate): void {
    if (update.productionBranch !== undefined) {
      project.productionBranch = update.productionBranch
      if (project.source) project.source.config.production_branch = update.productionBranch
    }
    for (const environment of ['preview', 'production'] as const) {
      const patch = update.configs[environment]
      if (patch) mergeDeploymentConfig(project.configs[environment], patch)
    }
  }

  /**
   * `<name>.pages.dev` when no one has it, else the name with a random suffix, as Cloudflare
   * gives a project whose name another account's project already uses on pages.dev.
   */
  private freeSubdomain(name: string): string {
    const held = new Set([
      ...this.takenSubdomains,
      ...[...this.projects.values()].map((p) => p.subdomain)
    ])
    let label = name
    while (held.has(`${label}.pages.dev`))
      label = `${name}-${randomBytes(3).toString('hex').slice(0, 4)}`
    return `${label}.pages.dev`
  }

  /** The project with this pages.dev host label (`<label>.pages.dev`). */
  projectBySubdomain(label: string): ProjectRecord | undefined {
    return [...this.projects.values()].find((p) => p.subdomain === `${label}.pages.dev`)
  }

  /** The project or a 404 `ApiError` with Cloudflare's code and message. */
  requireProject(name: string): ProjectRecord {
    const project = this.projects.get(name)
    if (!project) {
      throw new ApiError(
        404,
        8000007,
        'Project not found. The specified project name does not match any of your existing projects.'
      )
    }
    return project
  }

  /** Any stored deployment by id (hidden or not), unless deleted. */
  deployment(id: string): DeploymentRecord | undefined {
    const d = this.byId.get(id)
    return d && !d.deleted ? d : undefined
  }

  /** A deployment of the project the API may show at `now`, or a 404 `ApiError`. */
  requireVisible(project: ProjectRecord, id: string, now: number): DeploymentRecord {
    const d = this.deployment(id)
    if (!d || d.project !== project || d.createdMs > now) {
      throw new ApiError(
        404,
        8000009,
        'The deployment ID you have specified does not exist. Update the deployment ID and try again.'
      )
    }
    return d
  }

  /** Deployments the API lists at `now`, newest first. */
  visible(project: ProjectRecord, now: number): DeploymentRecord[] {
    return project.deployments
      .filter((d) => !d.deleted && d.createdMs <= now)
      .sort((a, b) => b.createdMs - a.createdMs || b.seq - a.seq)
  }

  /** How `GET …/deployments` lists them (no order is documented). */
  listOrder: 'newest-first' | 'oldest-first' = 'newest-first'

  /** The live production deployment at `now`: the last to go live, or a later rollback target. */
  canonical(project: ProjectRecord, now: number): DeploymentRecord | null {
    let best: DeploymentRecord | null = null
    let bestAt = -Infinity
    for (const d of project.deployments) {
      const at = deployedAtMs(d)
      if (d.deleted || d.environment !== 'production' || at === null || at > now) continue
      if (at > bestAt || (at === bestAt && best !== null && d.seq > best.seq)) {
        best = d
        bestAt = at
      }
    }
    const rollback = project.rollback
    if (rollback && rollback.atMs >= bestAt) {
      const target = this.deployment(rollback.id)
      if (target) return target
    }
    return best
  }

  /** Newest visible deployment of a branch, optionally only among those live at `now`. */
  newestOfBranch(
    project: ProjectRecord,
    branch: string,
    now: number,
    deployedOnly = false
  ): DeploymentRecord | undefined {
    return this.visible(project, now).find((d) => {
      if (d.branch !== branch) return false
      if (!deployedOnly) return true
      const at = deployedAtMs(d)
      return at !== null && at <= now
    })
  }

  /** Head commit of a branch, inventing one for branches never pushed. */
  head(project: ProjectRecord, branch: string): { sha: string; message: string } {
    let head = project.heads.get(branch)
    if (!head) {
      head = { sha: randomSha(), message: `Update ${branch}` }
      project.heads.set(branch, head)
    }
    return head
  }

  /** The next queued script, or the default (success). */
  takeScript(project: ProjectRecord): DeploymentScript {
    return project.scripts.shift() ?? {}
  }

  /** Creates a deployment record. */
  create(project: ProjectRecord, spec: NewDeployment): DeploymentRecord {
    const head = this.head(project, spec.branch)
    const outcome: DeploymentOutcome = spec.script.outcome ?? 'success'
    const environment =
      spec.environment ?? (spec.branch === project.productionBranch ? 'production' : 'preview')
    const record: DeploymentRecord = {
      id: randomUUID(),
      seq: ++this.seq,
      project,
      environment,
      branch: spec.branch,
      aliasLabel: spec.script.aliasLabel ?? branchSlug(spec.branch),
      aliasLateMs: spec.script.aliasLateMs ?? 0,
      commitHash: spec.commitHash ?? head.sha,
      commitMessage: spec.commitMessage ?? head.message,
      commitDirty: spec.commitDirty ?? false,
      triggerType: spec.triggerType,
      createdMs: spec.createdMs,
      durations:
        spec.durations ?? mergeDurations(this.defaultDurations, spec.script.stageDurationsMs),
      outcome,
      failAt: spec.script.failAt ?? 'build',
      siteStatus: spec.script.siteStatus ?? 200,
      siteRedirects: spec.script.siteRedirects ?? {},
      logLines: spec.script.logLines ?? [],
      // A deployment is built and runs with the variables its environment had then.
      envVars: structuredClone(project.configs[environment].envVars),
      deleted: false
    }
    project.deployments.push(record)
    this.byId.set(record.id, record)
    return record
  }

  /** A finished deployment in the past; fast enough to seed hundreds. */
  seed(project: ProjectRecord, options: SeedDeploymentOptions, now: number): DeploymentRecord {
    const ageMs = Math.max(0, options.createdAgoMs ?? 3_600_000)
    const branch =
      options.branch ??
      (options.environment === 'preview' ? 'feature/preview' : project.productionBranch)
    // Real build durations, shrunk when needed so that the deployment has finished by now.
    let durations = mergeDurations(REALISTIC_STAGE_DURATIONS_MS, options.stageDurationsMs)
    const total = Object.values(durations).reduce((a, b) => a + b, 0)
    if (total > ageMs) {
      const scale = total === 0 ? 0 : ageMs / total
      durations = mergeDurations(
        DEFAULT_STAGE_DURATIONS_MS,
        Object.fromEntries(Object.entries(durations).map(([k, v]) => [k, Math.floor(v * scale)]))
      )
    }
    const createdMs = now - ageMs
    const record = this.create(project, {
      branch,
      commitHash: options.commitHash ?? randomSha(),
      commitMessage:
        options.commitMessage ?? COMMIT_MESSAGES[this.seq % COMMIT_MESSAGES.length] ?? '',
      environment: options.environment,
      triggerType: options.triggerType ?? (project.source ? 'github:push' : 'ad_hoc'),
      createdMs,
      script: options,
      durations
    })
    if (this.newestOfBranch(project, branch, now) === record) {
      project.heads.set(branch, { sha: record.commitHash, message: record.commitMessage })
    }
    return record
  }

  /** A `github:push` build, hidden from the API for `delayMs`. */
  push(project: ProjectRecord, options: SimulatePushOptions, now: number): DeploymentRecord {
    const sha = options.commitHash ?? randomSha()
    const message = options.commitMessage ?? `Update ${options.branch}`
    project.heads.set(options.branch, { sha, message })
    return this.create(project, {
      branch: options.branch,
      commitHash: sha,
      commitMessage: message,
      triggerType: 'github:push',
      createdMs: now + Math.max(0, options.delayMs ?? 0),
      script: this.takeScript(project)
    })
  }

  /** Marks a deployment deleted. */
  delete(record: DeploymentRecord): void {
    record.deleted = true
    this.byId.delete(record.id)
  }
}

/** A custom domain as the API returns it. */
function domainRecord(name: string, status: Domain['status'], now: number): Domain {
  const verified = status === 'active' ? 'active' : 'pending'
  return {
    id: randomUUID(),
    name,
    status,
    created_on: new Date(now).toISOString(),
    validation_data: { status: verified, method: 'http' },
    verification_data: { status: verified },
    zone_tag: randomBytes(16).toString('hex')
  }
}
