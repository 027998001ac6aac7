import { API_RETRY_POLICY } from '../http/retry.js'
import type { RequestContext } from './errors.js'
import { deploymentFrom, projectFrom } from './shapes.js'
import type { ApiRequest, ApiResponse, FilePart, Transport } from './transport.js'
import type {
  CreateDeploymentFields,
  Deployment,
  DeploymentLogs,
  Domain,
  Environment,
  Project,
  ProjectPatch,
  ResultInfo
} from './types.js'

/**
 * The fields of `POST …/deployments`: strings (`branch`, `manifest`, `commit_hash`…) and files
 * (`_headers`, `_worker.bundle`…), in the order they are sent.
 */
export type DeploymentForm = Partial<Record<keyof CreateDeploymentFields, string>> &
  Record<string, string | FilePart>

/** One page of a deployment list. */
export interface DeploymentPage {
  deployments: Deployment[]
  resultInfo: ResultInfo | undefined
}

/** A best-effort read: one attempt, no waiting out rate limits. */
const SINGLE_ATTEMPT = { ...API_RETRY_POLICY, attempts: 1, rateLimitBudgetMs: 0 }

/** The real API allows at most 25 deployments per page. */
export const DEPLOYMENTS_PER_PAGE = 25

/** Typed calls to the Pages endpoints of one account, over a retrying {@link Transport}. */
export class PagesClient {
  constructor(
    /** Shared with the asset uploader, so both count against one rate budget. */
    readonly transport: Transport,
    readonly accountId: string
  ) {}

  /** The project; `once` sends a single attempt (a best-effort read that may fail). */
  async getProject(projectName: string, options: { once?: boolean } = {}): Promise<Project> {
    const context = this.context('get project', projectName)
    const project = await this.result<unknown>({
      method: 'GET',
      path: this.projectPath(projectName),
      idempotent: true,
      ...(options.once ? { policy: SINGLE_ATTEMPT } : {}),
      context
    })
    return projectFrom(project, context)
  }

  /**
   * Creates a Direct Upload project. Sent again after a lost answer it finds the project there
   * (Cloudflare error 8000002), which callers take as success: hence idempotent.
   */
  async createProject(projectName: string, productionBranch: string): Promise<Project> {
    const context = this.context('create project', projectName)
    const project = await this.result<unknown>({
      method: 'POST',
      path: `/accounts/${encodeURIComponent(this.accountId)}/pages/projects`,
      body: { kind: 'json', value: { name: projectName, production_branch: productionBranch } },
      idempotent: true,
      context
    })
    return projectFrom(project, context)
  }

  /** Deletes a project and everything in it; only for one this run created and left empty. */
  async deleteProject(projectName: string): Promise<void> {
    await this.result<unknown>({
      method: 'DELETE',
      path: this.projectPath(projectName),
      idempotent: true,
      context: this.context('delete project', projectName)
    })
  }

  /**
   * Changes what `patch` names (see {@link ProjectPatch}) and answers the project as it is then.
   * Idempotent: it sets values, so sending it again after a lost answer changes nothing more.
   */
  async updateProject(projectName: string, patch: ProjectPatch): Promise<Project> {
    const context = this.context('update project', projectName)
    const project = await this.result<unknown>({
      method: 'PATCH',
      path: this.projectPath(projectName),
      body: { kind: 'json', value: patch },
      idempotent: true,
      context
    })
    return projectFrom(project, context)
  }

  async listDeployments(
    projectName: string,
    options: { page?: number; environment?: Environment; once?: boolean } = {}
  ): Promise<DeploymentPage> {
    const context = this.context('list deployments', projectName)
    const response = await this.transport.send<unknown[] | null>({
      method: 'GET',
      path: `${this.projectPath(projectName)}/deployments`,
      query: { env: options.environment, page: options.page ?? 1, per_page: DEPLOYMENTS_PER_PAGE },
      idempotent: true,
      ...(options.once ? { policy: SINGLE_ATTEMPT } : {}),
      context
    })
    const listed = Array.isArray(response.result) ? response.result : []
    return {
      deployments: listed.map((item) => deploymentFrom(item, context)),
      resultInfo: response.resultInfo
    }
  }

  /**
   * Creates a deployment from a multipart form, sent in the order of `form`'s keys: a Git build
   * needs only `branch`; a Direct Upload sends its manifest, commit fields, special files and
   * Worker (see {@link DeploymentForm}).
   */
  async createDeployment(projectName: string, form: DeploymentForm): Promise<Deployment> {
    return this.deployment({
      method: 'POST',
      path: `${this.projectPath(projectName)}/deployments`,
      body: { kind: 'multipart', fields: form },
      idempotent: false,
      context: this.context('create deployment', projectName)
    })
  }

  async getDeployment(projectName: string, deploymentId: string): Promise<Deployment> {
    return this.deployment({
      method: 'GET',
      path: this.deploymentPath(projectName, deploymentId),
      idempotent: true,
      context: this.context('get deployment', projectName, deploymentId)
    })
  }

  async retryDeployment(projectName: string, deploymentId: string): Promise<Deployment> {
    return this.deployment({
      method: 'POST',
      path: `${this.deploymentPath(projectName, deploymentId)}/retry`,
      idempotent: false,
      context: this.context('retry deployment', projectName, deploymentId)
    })
  }

  /** Makes `deploymentId` the live production deployment. Idempotent: it sets, not toggles. */
  async rollbackDeployment(projectName: string, deploymentId: string): Promise<Deployment> {
    return this.deployment({
      method: 'POST',
      path: `${this.deploymentPath(projectName, deploymentId)}/rollback`,
      idempotent: true,
      context: this.context('roll back to deployment', projectName, deploymentId)
    })
  }

  /**
   * Deletes a deployment. `force` also deletes one its branch alias points at (Cloudflare
   * answers 8000035 without it). Sending it twice is harmless: the second finds it gone (404).
   */
  async deleteDeployment(
    projectName: string,
    deploymentId: string,
    options: { force?: boolean } = {}
  ): Promise<void> {
    await this.transport.send<null>({
      method: 'DELETE',
      path: this.deploymentPath(projectName, deploymentId),
      query: { force: options.force ? 'true' : undefined },
      idempotent: true,
      context: this.context('delete deployment', projectName, deploymentId)
    })
  }

  /**
   * The project's custom domains. The endpoint takes no paging parameters (its schema documents
   * none) and answers every domain at once.
   */
  async listDomains(projectName: string): Promise<Domain[]> {
    const domains = await this.result<Domain[] | null>({
      method: 'GET',
      path: `${this.projectPath(projectName)}/domains`,
      idempotent: true,
      context: this.context('list domains', projectName)
    })
    return domains ?? []
  }

  /** A token for the asset endpoints of a Direct Upload (its `jwt`). */
  async getUploadToken(projectName: string): Promise<string> {
    const result = await this.result<{ jwt?: unknown } | null>({
      method: 'GET',
      path: `${this.projectPath(projectName)}/upload-token`,
      idempotent: true,
      context: this.context('get upload token', projectName)
    })
    const jwt = result?.jwt
    if (typeof jwt !== 'string' || jwt.length === 0) {
      throw new Error('Cloudflare answered the upload-token request without a token.')
    }
    return jwt
  }

  async getDeploymentLogs(projectName: string, deploymentId: string): Promise<DeploymentLogs> {
    return this.result<DeploymentLogs>({
      method: 'GET',
      path: `${this.deploymentPath(projectName, deploymentId)}/history/logs`,
      query: { size: 10_000_000 },
      idempotent: true,
      context: this.context('get build log', projectName, deploymentId)
    })
  }

  /** A request answering one deployment, checked (see {@link deploymentFrom}). */
  private async deployment(request: ApiRequest): Promise<Deployment> {
    return deploymentFrom(await this.result<unknown>(request), request.context)
  }

  private async result<T>(request: ApiRequest): Promise<T> {
    const response: ApiResponse<T> = await this.transport.send<T>(request)
    return response.result
  }

  private context(operation: string, projectName: string, deploymentId?: string): RequestContext {
    return deploymentId === undefined
      ? { operation, accountId: this.accountId, projectName }
      : { operation, accountId: this.accountId, projectName, deploymentId }
  }

  private projectPath(projectName: string): string {
    return `/accounts/${encodeURIComponent(this.accountId)}/pages/projects/${encodeURIComponent(projectName)}`
  }

  private deploymentPath(projectName: string, deploymentId: string): string {
    return `${this.projectPath(projectName)}/deployments/${encodeURIComponent(deploymentId)}`
  }
}
