import { relative } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { ESBUILD_VERSION, installEsbuild } from '../bundler/esbuild-install.js'
import type { VerifiedBinary } from '../bundler/verified-binary.js'
import { AssetsClient } from '../cloudflare/assets-client.js'
import type { DeploymentForm } from '../cloudflare/pages-client.js'
import type { Deployment, Project } from '../cloudflare/types.js'
import { configFor } from '../config/environment-config.js'
import { workerMetadata } from '../config/worker-metadata.js'
import { deploysForkCode } from '../domain/branch-rule.js'
import type { WorkerRecord } from '../domain/report.js'
import { buildWorker, type WorkerBuild } from '../fullstack/build.js'
import { PagesHasher, hashFiles } from '../upload/hash.js'
import { AssetUploader, formatPlan, formatProgress } from '../upload/uploader.js'
import { readRegularFile } from '../upload/regular-file.js'
import {
  MOST_FILES_ANY_PLAN,
  walkDirectory,
  type SpecialFile,
  type WalkResult
} from '../upload/walk.js'
import { formatDuration } from '../util/duration.js'
import type { OperationContext } from './context.js'
import { createOnce } from './create-once.js'
import { isMissing, type MissingProject } from './create-project.js'
import type { StartSettings, UploadSettings } from './settings.js'
import { reviewSpecialFiles } from './special-files.js'
import { input } from '../util/input-names.js'

/**
 * Deploys a built folder with Direct Upload: build the Worker, if the project has one (a
 * `_worker.js`, or Functions), so that a build error stops the deploy before anything is sent
 * → upload token → hash every file → upload only what Cloudflare lacks → register every hash →
 * create the deployment with the manifest, the special files and the Worker. The deployment is
 * then followed like a Git build. A project still to create (`create-project`) is created once
 * the folder is read and the Worker built, so that a deploy failing before leaves none behind.
 */
export async function uploadDeployment(
  context: OperationContext<unknown>,
  start: StartSettings,
  upload: UploadSettings,
  target: Project | MissingProject,
  branch: string,
  options: UploadOptions = {}
): Promise<UploadedDeployment> {
  const { clock, console } = context
  if (!isMissing(target) && target.source !== null) {
    throw new Error(
      `project '${target.name}' builds from its Git repository (${target.source.config.owner}/${target.source.config.repo_name}), and Cloudflare accepts uploaded files only for Direct Upload projects. Remove ${input('directory')} to let Cloudflare build the branch, or deploy the folder to a Direct Upload project.`
    )
  }
  const started = clock.now()
  const worker = await workerOf(context, start, upload, target, options.workerBranch ?? branch)
  const read = async (maxFiles: number) => {
    console.info(`Reading ${upload.directory}...`)
    const walked = await walkDirectory(upload.directory, {
      maxFiles,
      inputName: input('directory'),
      // A Worker alone is a site (every page rendered on the server): wrangler deploys it with
      // an empty manifest, and so does pages-pilot.
      requireFiles: worker === undefined
    })
    // Before anything is sent: a rule Cloudflare would ignore stops the deploy here.
    await reviewSpecialFiles(context, walked.specialFiles)
    return walked
  }
  // A project to create is created only once the folder is read and the Worker built.
  const early = isMissing(target) ? await read(MOST_FILES_ANY_PLAN) : undefined
  const project = isMissing(target) ? await target.create() : target
  try {
    return await sendFolder(context, start, upload, project, branch, worker, started, early, read)
  } catch (error) {
    if (context.report.projectCreated && context.report.deployment === undefined) {
      await removeEmptyProject(context, project.name)
    }
    throw error
  }
}

/**
 * Nothing half done: a project this run created, and to which it deployed nothing, is deleted
 * again, so that a failed first deploy leaves the account as it found it.
 */
async function removeEmptyProject(context: OperationContext<unknown>, name: string): Promise<void> {
  const { client, report, signal } = context
  if (signal?.aborted) return
  try {
    // A deployment this run could not see (an answer lost) would be lost with the project.
    const { deployments } = await client.listDeployments(name, { once: true })
    if (deployments.length > 0) return
    await client.deleteProject(name)
    report.projectCreated = false
    report.notes = report.notes.filter(
      (note) => !note.startsWith(`This run created project ${name} `)
    )
    report.notes.push(
      `This run created project ${name}, then deleted it again because no deployment was made: the next deploy creates it anew.`
    )
  } catch {
    report.notes.push(
      `This run created project ${name} and made no deployment; deleting it again failed, so it is there, empty. Delete it in the dashboard, or deploy to it.`
    )
  }
}

/** The part of {@link uploadDeployment} after the project exists: upload, then create. */
async function sendFolder(
  context: OperationContext<unknown>,
  start: StartSettings,
  upload: UploadSettings,
  project: Project,
  branch: string,
  worker: Awaited<ReturnType<typeof workerOf>>,
  started: number,
  early: WalkResult | undefined,
  read: (maxFiles: number) => Promise<WalkResult>
): Promise<UploadedDeployment> {
  const { client, report, clock, signal, console } = context

  // Tens of thousands of short-lived file records make V8 grow its young generation to 32 MiB,
  // most of the peak memory of a large site; keeping it small costs a few more minor GCs.
  setFlagsFromString('--semi-space-growth-factor=1')
  const hasher = await PagesHasher.create()
  let planned = false
  const uploader = new AssetUploader({
    api: new AssetsClient(client.transport, client, project.name),
    clock,
    hasher,
    ...(signal ? { signal } : {}),
    onWarning: (message) => console.warning(message),
    // The first report comes after check-missing: what will be sent; then how far it got.
    onProgress: (counts) => {
      if (!planned) console.info(formatPlan(counts))
      else if (counts.toUpload > 0) console.info(formatProgress(counts))
      planned = true
    }
  })
  const token = await uploader.getUploadToken()
  const walked = early ?? (await read(token.maxFileCount))
  const hashed = await hashFiles(walked.files, { hasher, ...(signal ? { signal } : {}) })
  const result = await uploader.upload(hashed)
  const sent = specialFilesSent(walked.specialFiles, worker?.build)
  report.upload = {
    found: result.counts.found,
    uploaded: result.counts.uploaded,
    alreadyUploaded: result.counts.alreadyUploaded,
    bytesUploaded: result.counts.bytesUploaded,
    bytesTotal: walked.totalBytes,
    specialFiles: sent,
    durationMs: clock.now() - started,
    worker: worker?.record
  }
  console.info(
    `Upload done in ${formatDuration(clock.now() - started)}: ${result.counts.uploaded.toLocaleString('en-US')} of ${result.counts.found.toLocaleString('en-US')} files sent, ${result.counts.alreadyUploaded.toLocaleString('en-US')} already on Cloudflare.`
  )

  const form: DeploymentForm = {
    manifest: JSON.stringify(result.manifest),
    branch,
    ...(upload.commitMessage ? { commit_message: upload.commitMessage } : {}),
    ...(start.commitHash ? { commit_hash: start.commitHash } : {}),
    commit_dirty: upload.commitDirty ? 'true' : 'false',
    ...(await deploymentFiles(walked.specialFiles, worker?.build, start))
  }
  console.info(`Creating a deployment of branch ${branch} in project ${project.name}...`)
  const deployment = await createOnce(
    context,
    project,
    branch,
    () => client.createDeployment(project.name, form),
    start.commitHash
  )
  return { deployment, project, form }
}

export interface UploadOptions {
  /**
   * The branch whose configuration environment the Worker is built for, when it is not the
   * deployment's: a verification preview carries production's Worker.
   */
  workerBranch?: string
}

/** A Direct Upload deployment created, with what another deployment of the same files needs. */
export interface UploadedDeployment {
  deployment: Deployment
  project: Project
  /** The deployment form as sent; every file it names is on Cloudflare now. */
  form: DeploymentForm
}

/** Builds the Worker of the project, if it has one, and records how. */
async function workerOf(
  context: OperationContext<unknown>,
  start: StartSettings,
  upload: UploadSettings,
  project: Pick<Project, 'production_branch'>,
  branch: string
): Promise<{ build: WorkerBuild; record: WorkerRecord } | undefined> {
  const { clock, signal, console } = context
  const started = clock.now()
  // The configuration of this deployment's environment, as wrangler chooses it: production
  // when the branch is the project's production branch.
  const environment = branch === project.production_branch ? 'production' : 'preview'
  const resolved = start.pagesConfig ? configFor(start.pagesConfig, environment) : undefined
  for (const warning of resolved?.warnings ?? []) console.warning(warning)
  let bundler: WorkerRecord['bundler']
  let installing: Promise<VerifiedBinary> | undefined
  const esbuild = (): Promise<VerifiedBinary> =>
    (installing ??= installEsbuild({
      cacheDir: context.toolCacheDir,
      workingDirectory: start.workingDirectory,
      registry: context.npmRegistry,
      clock,
      signal,
      warn: (message) => console.warning(message)
    }).then((location) => {
      bundler = {
        source: location.source,
        durationMs: location.durationMs,
        downloadedBytes: location.downloadedBytes
      }
      console.info(
        location.source === 'download'
          ? `Installed esbuild ${ESBUILD_VERSION} in ${formatDuration(location.durationMs)} (${(location.downloadedBytes / 1_000_000).toFixed(1)} MB downloaded, integrity checked) into the tool cache.`
          : `Using esbuild ${ESBUILD_VERSION} from the ${location.source} (${formatDuration(location.durationMs)}).`
      )
      return location.binary
    }))
  const build = await buildWorker({
    outputDir: upload.directory,
    workingDirectory: start.workingDirectory,
    workspace: start.workspace,
    forkCode: deploysForkCode(start.pullRequest),
    bundle: start.bundle ?? !(start.pagesConfig?.noBundle ?? false),
    compat: {
      date: resolved?.compatibilityDate,
      flags: [...(resolved?.compatibilityFlags ?? [])]
    },
    metadata: resolved ? { ...workerMetadata(resolved) } : undefined,
    esbuild,
    signal,
    notice: (message) => console.notice(message),
    warn: (message) => console.warning(message)
  })
  if (!build) return undefined
  const record: WorkerRecord = {
    kind: build.kind,
    routes: build.routes,
    modules: 1 + build.bundle.modules.length,
    bytes: build.bytes,
    gzipBytes: build.gzipBytes,
    routesJson:
      build.routesJson === undefined ? undefined : build.routesCustom ? 'custom' : 'generated',
    bundler,
    buildMs: clock.now() - started
  }
  console.info(
    `${build.kind === 'functions' ? `Compiled Functions (${record.routes ?? 0} route${record.routes === 1 ? '' : 's'})` : 'Built the _worker.js Worker'}: ${record.modules} module${record.modules === 1 ? '' : 's'}, ${(build.bytes / 1000).toFixed(1)} kB (${(build.gzipBytes / 1000).toFixed(1)} kB gzipped), in ${formatDuration(record.buildMs)}.`
  )
  return { build, record }
}

/** The special files the deployment carries, by name, for the summary. */
function specialFilesSent(specials: SpecialFile[], worker: WorkerBuild | undefined): string[] {
  const names: string[] = specials
    .map((f) => f.name)
    .filter((name) => name === '_headers' || name === '_redirects')
  if (worker) names.push('_worker.bundle')
  if (worker?.routesJson !== undefined) names.push('_routes.json')
  return names
}

/**
 * The rest of the deployment form, in the order wrangler sends it: `_headers`, `_redirects`,
 * the Functions routing config, the configuration's hash and output folder, `_worker.bundle`,
 * `_routes.json`. `_routes.json` goes only with a Worker (it says which requests invoke it), and
 * `_worker.js` never goes raw: it is built into `_worker.bundle`.
 */
async function deploymentFiles(
  specials: SpecialFile[],
  worker: WorkerBuild | undefined,
  start: StartSettings
): Promise<DeploymentForm> {
  const parts: DeploymentForm = {}
  const file = (name: string, content: Buffer): void => {
    parts[name] = { filename: name, content, contentType: 'application/octet-stream' }
  }
  for (const name of ['_headers', '_redirects'] as const) {
    const special = specials.find((s) => s.name === name)
    if (special && special.size > 0) file(name, await readRegularFile(special.absolutePath))
  }
  if (worker?.routingConfig !== undefined) {
    file('functions-filepath-routing-config.json', Buffer.from(worker.routingConfig))
  }
  const config = start.pagesConfig
  if (config) {
    parts.wrangler_config_hash = config.sha256
    parts.pages_build_output_dir =
      relative(start.workingDirectory, config.outputDir).split('\\').join('/') || '.'
  }
  if (worker) file('_worker.bundle', worker.body)
  if (worker?.routesJson !== undefined) file('_routes.json', Buffer.from(worker.routesJson))
  return parts
}
