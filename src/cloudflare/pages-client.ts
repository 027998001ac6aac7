import type { RequestContext } from './errors.js'
import type { ApiRequest, ApiResponse, FilePart, Transport } from './transport.js'
import type {
  CreateDeploymentFields,
  Deployment,
  DeploymentLogs,
  Domain,
  Environment,
  Project,
  ResultInfo
} from './types.js'

/** One page of a deployment list. */
export interface DeploymentPage {
  deployments: Deployment[]
  resultInfo: ResultInfo | undefined
}

/** The real API allows at most 25 deployments per page. */
export const DEPLOYMENTS_PER_PAGE = 25

/** Domains come 25 to a page by default; the schema's example shows 100 per page. */
const DOMAINS_PER_PAGE = 25

/** Typed calls to the Pages endpoints of one account, over a retrying {@link Transport}. */
export class PagesClient {
  constructor(
    /** Shared with the asset uploader, so both count against one rate budget. */
    readonly transport: Transport,
    readonly accountId: string
  ) {}

  async getProject(projectName: string): Promise<Project> {
    return this.result<Project>({
      method: 'GET',
      path: this.projectPath(projectName),
      idempotent: true,
      context: this.context('get project', projectName)
    })
  }

  async listDeployments(
    projectName: string,
    options: { page?: number; environment?: Environment } = {}
  ): Promise<DeploymentPage> {
    const response = await this.transport.send<Deployment[]>({
      method: 'GET',
      path: `${this.projectPath(projectName)}/deployments`,
      query: { env: options.environment, page: options.page ?? 1, per_page: DEPLOYMENTS_PER_PAGE },
      idempotent: true,
      context: this.context('list deployments', projectName)
    })
    return { deployments: response.result ?? [], resultInfo: response.resultInfo }
  }

  /**
   * Creates a deployment. `files` are sent as file parts: the special files of a Direct
   * Upload (`_headers`, `_redirects`, `_routes.json`, `_worker.js`).
   */
  async createDeployment(
    projectName: string,
    fields: CreateDeploymentFields,
    files: Record<string, FilePart> = {}
  ): Promise<Deployment> {
    const form: Record<string, string | FilePart> = { ...files }
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) form[key] = value
    return this.result<Deployment>({
      method: 'POST',
      path: `${this.projectPath(projectName)}/deployments`,
      body: { kind: 'multipart', fields: form },
      idempotent: false,
      context: this.context('create deployment', projectName)
    })
  }

  async getDeployment(projectName: string, deploymentId: string): Promise<Deployment> {
    return this.result<Deployment>({
      method: 'GET',
      path: this.deploymentPath(projectName, deploymentId),
      idempotent: true,
      context: this.context('get deployment', projectName, deploymentId)
    })
  }

  async retryDeployment(projectName: string, deploymentId: string): Promise<Deployment> {
    return this.result<Deployment>({
      method: 'POST',
      path: `${this.deploymentPath(projectName, deploymentId)}/retry`,
      idempotent: false,
      context: this.context('retry deployment', projectName, deploymentId)
    })
  }

  /** Makes `deploymentId` the live production deployment. Idempotent: it sets, not toggles. */
  async rollbackDeployment(projectName: string, deploymentId: string): Promise<Deployment> {
    return this.result<Deployment>({
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

  /** Every custom domain of the project, page after page. */
  async listDomains(projectName: string): Promise<Domain[]> {
    const domains: Domain[] = []
    for (let page = 1; ; page++) {
      const response = await this.transport.send<Domain[]>({
        method: 'GET',
        path: `${this.projectPath(projectName)}/domains`,
        query: { page, per_page: DOMAINS_PER_PAGE },
        idempotent: true,
        context: this.context('list domains', projectName)
      })
      const listed = response.result ?? []
      domains.push(...listed)
      const info = response.resultInfo
      const more = info ? info.page * info.per_page < info.total_count : false
      if (!more || listed.length === 0) return domains
    }
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
