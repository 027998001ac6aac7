/**
 * Emulator-only types. The API shapes themselves come from src/cloudflare/types.ts so that the
 * emulator and the action can never drift apart; this file only adds what tests script and read
 * back. It takes types only from modules that never import it (uploads, worker-bundle), so that
 * the emulator's imports go one way.
 */
import type { AssetStore } from './uploads.js'
import type { StoredWorker } from './worker-bundle.js'
import type {
  Deployment,
  DeploymentLogs,
  DeploymentTriggerType,
  DomainStatus,
  EnvVar,
  Environment,
  Project,
  StageName
} from '../src/cloudflare/types.js'

/** How a scripted deployment ends. */
export type DeploymentOutcome = 'success' | 'failure' | 'skipped' | 'canceled'

/** Script for one deployment: how it ends, how long each stage takes, what its site answers. */
export interface DeploymentScript {
  /** Default `success`. */
  outcome?: DeploymentOutcome
  /** Stage that fails or is canceled when `outcome` is `failure`/`canceled`. Default `build`. */
  failAt?: StageName
  /** Overrides the emulator's per-stage durations for this deployment. */
  stageDurationsMs?: Partial<Record<StageName, number>>
  /** HTTP status the deployment's URL serves once deployed. Default 200. */
  siteStatus?: number
  /** Paths (such as `/`) the deployment answers with a 302 to a location, relative or not. */
  siteRedirects?: Record<string, string>
  /** Extra build output lines, printed after the user's build command starts. */
  logLines?: string[]
  /**
   * The label of the deployment's branch alias, instead of the one its branch gives: Cloudflare
   * changing its rule (the product must notice that its prediction was wrong).
   */
  aliasLabel?: string
  /**
   * The deployment lists no alias (`aliases: null`) for this long after its creation: the
   * Pages API often answers a new deployment without its alias (WalshyDev in
   * cloudflare/pages-action#73: "it doesn't have the actual alias like half the time").
   */
  aliasLateMs?: number
}

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1; default 0 (a random free port). */
  port?: number
  /** Account id the API accepts in paths; default a fixed 32-hex id. */
  accountId?: string
  /** Bearer token the API accepts; default a fixed 40-character token. */
  token?: string
  /** When set, legacy `X-Auth-Email` + `X-Auth-Key` auth is accepted too. */
  globalApiKey?: { email: string; key: string }
  /** Default per-stage durations for new deployments (queued 200, initialize 200, clone_repo 200, build 800, deploy 200). */
  stageDurationsMs?: Partial<Record<StageName, number>>
  /** Requests allowed per credential per window; default 1200 per 300000 ms, like Cloudflare. */
  rateLimit?: { limit: number; windowMs: number }
  /** Keep each recorded request's body in `requests[].body`; off by default (uploads are big). */
  recordBodies?: boolean
  /**
   * The emulator's time: stage progress, rate-limit windows and timestamps follow it. Default
   * the system clock; tests share a virtual clock with the action, so waiting costs nothing.
   */
  clock?: EmulatorClock
}

/** The emulator's time; `sleep` is what a stalled request waits on once its client gave up. */
export interface EmulatorClock {
  now(): number
  sleep(ms: number): Promise<void>
}

/** Arguments of `addProject`. */
export interface AddProjectOptions {
  name: string
  /** Default `main`. */
  productionBranch?: string
  /** `github` (Git-connected, the default) or `direct` (Direct Upload, `source: null`). */
  source?: 'github' | 'direct'
  domains?: Array<{ name: string; status: DomainStatus }>
  /**
   * Variables (secrets with their values) and the wrangler configuration hash a project already
   * has, per environment, as if set in the dashboard or by a deployment made with wrangler.toml.
   */
  deploymentConfigs?: Partial<
    Record<Environment, { envVars?: Record<string, EnvVar>; wranglerConfigHash?: string }>
  >
}

/** Arguments of `seedDeployment`: an already finished deployment in the past. */
export interface SeedDeploymentOptions extends DeploymentScript {
  /** Default: the production branch, or `feature/preview` when `environment` is `preview`. */
  branch?: string
  commitHash?: string
  commitMessage?: string
  /** Default: derived from the branch. Overriding it allows inconsistent states on purpose. */
  environment?: Environment
  /** How long ago it was created; default one hour. */
  createdAgoMs?: number
  /** Default `github:push` for Git projects, `ad_hoc` for Direct Upload ones. */
  triggerType?: DeploymentTriggerType
}

/** Arguments of `simulatePush`: Cloudflare's Git integration building a pushed commit. */
export interface SimulatePushOptions {
  branch: string
  /** Default a random 40-hex sha. */
  commitHash?: string
  commitMessage?: string
  /** The deployment stays invisible to the API for this long (webhook latency). Default 0. */
  delayMs?: number
}

/** Arguments of `addDeployHook`. */
export interface AddDeployHookOptions {
  /** Branch the hook builds; default the production branch. */
  branch?: string
  /** Name shown in the dashboard; default `hook-<n>`. */
  name?: string
}

/** A deploy hook as created: POSTing to `url` builds `branch`. */
export interface DeployHookInfo {
  id: string
  name: string
  project: string
  branch: string
  /** `apiBaseUrl + '/pages/webhooks/deploy_hooks/' + id`. */
  url: string
}

/** Which requests a fault applies to; all when omitted. */
export interface FaultMatch {
  /** Case-insensitive HTTP method. */
  method?: string
  /** Matched against the path (with query) as a substring, or else as a RegExp source. */
  path?: string
}

interface FaultBase {
  match?: FaultMatch
  /** How many matching requests it hits; default 1. */
  times?: number
  /**
   * For `status`, `non-json` and `success-false`: the request is carried out first, and only its
   * answer is replaced, as when a gateway's 502 or Cloudflare's 8000000 comes back for a request
   * the API did act on. Default false: the request is refused before anything happens.
   */
  afterEffect?: boolean
}

/** A scripted failure of the transport or the API, consumed by matching requests in order. */
export type Fault = FaultBase &
  (
    | {
        kind: 'status'
        status: number
        retryAfterSeconds?: number
        body?: 'html' | 'json' | 'empty'
      }
    | { kind: 'stall'; ms: number }
    | { kind: 'hang' }
    | { kind: 'reset' }
    | { kind: 'reset-mid-body' }
    | { kind: 'truncated' }
    | { kind: 'non-json' }
    | { kind: 'success-false'; code: number; message: string }
    /**
     * The normal answer with these keys left out of `result` (of each item of a list, and of
     * its `canonical_deployment` and `latest_deployment`): a partial answer, as APIs give when
     * a field is optional in their schema.
     */
    | { kind: 'omit-fields'; fields: string[] }
    /**
     * The normal answer with these keys set to these values, in the same places: a hostile or
     * surprising answer (a `short_id` of `../../x`, a URL on another host).
     */
    | { kind: 'set-fields'; fields: Record<string, unknown> }
  )

/** Name of a fault kind. */
export type FaultKind = Fault['kind']

/** One request the emulator received (API and sites; the control API is not recorded). */
export interface RecordedRequest {
  method: string
  /** Path including the query string. */
  path: string
  /** Header names lowercased; repeated headers joined with `, `. */
  headers: Record<string, string>
  /** Arrival time, ms since the epoch. */
  time: number
  /** Set when a scripted fault hit this request. */
  fault?: FaultKind
  /** Status answered, once answered normally or by a `status`-like fault. */
  status?: number
  /** The raw request body, only when the emulator was started with `recordBodies`. */
  body?: Buffer
}

/** The deployment form of a Direct Upload, as the emulator received it. */
export interface DeploymentUpload {
  manifest: Record<string, string>
  fields: Record<string, string>
  files: Record<string, Buffer>
  /** The form's part names in the order they were sent. */
  order: string[]
  worker: StoredWorker | undefined
}

/** A running emulator. */
export interface Emulator {
  /** e.g. `http://127.0.0.1:40123`. */
  readonly origin: string
  /** `origin + '/client/v4'`, what `CLOUDFLARE_API_BASE_URL` should be set to. */
  readonly apiBaseUrl: string
  readonly accountId: string
  readonly token: string
  /** Every API and site request so far, oldest first. */
  readonly requests: RecordedRequest[]
  /** Direct Upload: uploaded contents, upload-token policy (expiry, uses) and counters. */
  readonly assets: AssetStore
  /** The emulator's time (its clock's), in milliseconds since the epoch. */
  now(): number
  /**
   * Calls `listener` with each API or site request as it arrives, its fault already chosen and
   * before it is answered: tests act at an exact point of a run. Returns the unsubscribe.
   */
  onRequest(listener: (request: RecordedRequest) => void): () => void
  /** What a Direct Upload deployment was created with: manifest, form fields and files, Worker. */
  getUpload(id: string): DeploymentUpload | undefined
  /** Stops listening and destroys every socket at once, stalled and hung ones included. */
  close(): Promise<void>
  /**
   * Where a browser or curl opens a site URL on this emulator: `https://<name>.pages.dev/p`
   * (the address Cloudflare gives a project or a branch) or a deployment URL the API answered
   * becomes `http://<name>.localhost:<port>/p`; `undefined` for any other URL.
   */
  browserUrl(url: string): string | undefined
  /** Creates a project. Throws when the name is invalid or taken. */
  addProject(options: AddProjectOptions): Project
  /**
   * Another account's project holds `<label>.pages.dev`: a project created with that name
   * then gets a pages.dev name with a random suffix.
   */
  takeSubdomain(label: string): void
  /** Creates an already finished deployment in the past. */
  seedDeployment(project: string, options?: SeedDeploymentOptions): Deployment
  /** Starts a `github:push` build of a pushed commit, visible after `delayMs`. */
  simulatePush(project: string, options: SimulatePushOptions): Deployment
  /** Creates a deploy hook for a branch of the project (Settings › Builds › Deploy hooks). */
  addDeployHook(project: string, options?: AddDeployHookOptions): DeployHookInfo
  /** Queues scripts consumed, in order, by the next deployments created in the project. */
  scriptNextDeployments(project: string, ...scripts: DeploymentScript[]): void
  /**
   * Reads every request body at this speed, in real time (a runner on a slow uplink): a large
   * upload takes as long as the link needs. `undefined` lifts the limit.
   */
  setLinkSpeed(bytesPerSecond: number | undefined): void
  /**
   * The order of `GET …/deployments`. Cloudflare documents none (the SDK's
   * DeploymentListParams has no sort, and wrangler sorts by created_on where order matters:
   * pages/deployment-tails.ts); it answers newest first in practice, the emulator's default.
   */
  setListOrder(order: 'newest-first' | 'oldest-first'): void
  /**
   * Answers timestamps without a zone (`2026-06-01T09:00:00.000`). Not seen from Cloudflare, but
   * its schema types them as bare strings; JavaScript would read such a time as local time.
   */
  setZonelessTimestamps(zoneless: boolean): void
  /** Queues faults; each request consumes the first matching one. */
  addFaults(...faults: Fault[]): void
  /** Drops all queued faults. */
  clearFaults(): void
  /** Forgets projects, faults, recorded requests and rate-limit counters. */
  reset(): void
  /** The project as the API would return it now. */
  getProject(name: string): Project | undefined
  /**
   * The variables of one environment of a project as stored, secrets with their values (which
   * no API answer shows): what a Worker deployed now would see.
   */
  getEnvVars(project: string, environment: Environment): Record<string, EnvVar> | undefined
  /** A deployment as the API would return it now, also while a push still hides it; undefined once deleted. */
  getDeployment(id: string): Deployment | undefined
  /** Deployments the API would list now, newest first. */
  listDeployments(project: string): Deployment[]
  /** The build log the API would return now. */
  getLogs(id: string): DeploymentLogs | undefined
}
