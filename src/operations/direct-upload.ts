import { readFile } from 'node:fs/promises'
import { setFlagsFromString } from 'node:v8'
import { AssetsClient } from '../cloudflare/assets-client.js'
import type { FilePart } from '../cloudflare/transport.js'
import type { Deployment, Project } from '../cloudflare/types.js'
import { PagesHasher, hashFiles } from '../upload/hash.js'
import { AssetUploader, formatPlan, formatProgress } from '../upload/uploader.js'
import { contentTypeFor, walkDirectory, type SpecialFile } from '../upload/walk.js'
import { formatDuration } from '../util/duration.js'
import type { OperationContext } from './context.js'
import { createOnce } from './create-once.js'
import type { StartSettings, UploadSettings } from './settings.js'

/**
 * Deploys a built folder with Direct Upload: upload token → hash every file → upload only what
 * Cloudflare lacks → register every hash → create the deployment with the manifest and the
 * special files. The deployment is then followed like a Git build.
 */
export async function uploadDeployment(
  context: OperationContext<unknown>,
  start: StartSettings,
  upload: UploadSettings,
  project: Project,
  branch: string
): Promise<Deployment> {
  const { client, report, clock, signal, console } = context
  if (project.source !== null) {
    throw new Error(
      `project '${project.name}' builds from its Git repository (${project.source.config.owner}/${project.source.config.repo_name}), and Cloudflare accepts uploaded files only for Direct Upload projects. Remove directory to let Cloudflare build the branch, or deploy the folder to a Direct Upload project.`
    )
  }
  const started = clock.now()
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
  console.info(`Reading ${upload.directory}...`)
  const walked = await walkDirectory(upload.directory, {
    maxFiles: token.maxFileCount,
    inputName: 'directory'
  })
  const hashed = await hashFiles(walked.files, { hasher, ...(signal ? { signal } : {}) })
  const result = await uploader.upload(hashed)
  report.upload = {
    found: result.counts.found,
    uploaded: result.counts.uploaded,
    alreadyUploaded: result.counts.alreadyUploaded,
    bytesUploaded: result.counts.bytesUploaded,
    bytesTotal: walked.totalBytes,
    specialFiles: walked.specialFiles.map((f) => f.name),
    durationMs: clock.now() - started
  }
  console.info(
    `Upload done in ${formatDuration(clock.now() - started)}: ${result.counts.uploaded.toLocaleString('en-US')} of ${result.counts.found.toLocaleString('en-US')} files sent, ${result.counts.alreadyUploaded.toLocaleString('en-US')} already on Cloudflare.`
  )

  const files = await specialFileParts(walked.specialFiles)
  const fields = {
    manifest: JSON.stringify(result.manifest),
    branch,
    ...(start.commitHash ? { commit_hash: start.commitHash } : {}),
    ...(upload.commitMessage ? { commit_message: upload.commitMessage } : {}),
    commit_dirty: upload.commitDirty ? ('true' as const) : ('false' as const)
  }
  console.info(`Creating a deployment of branch ${branch} in project ${project.name}...`)
  return createOnce(context, project, branch, () =>
    client.createDeployment(project.name, fields, files)
  )
}

/** `_headers`, `_redirects`, `_routes.json` and `_worker.js` go with the deployment, not as assets. */
async function specialFileParts(specials: SpecialFile[]): Promise<Record<string, FilePart>> {
  const parts: Record<string, FilePart> = {}
  for (const special of specials) {
    parts[special.name] = {
      filename: special.name,
      content: await readFile(special.absolutePath),
      contentType: special.name.endsWith('.js')
        ? 'application/javascript+module'
        : contentTypeFor(special.name).replace('application/octet-stream', 'text/plain')
    }
  }
  return parts
}
