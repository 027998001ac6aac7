/**
 * What the emulator checks of a deployment's `_worker.bundle` (a multipart body of its own):
 * a `metadata` part first, JSON with `main_module` (or `body_part`); that module among the parts;
 * every module with a content type Cloudflare loads. It keeps the parts, so that tests can run
 * the Worker (in miniflare) as Cloudflare would.
 */
import { ApiError, EmulatorCode } from './envelope.js'

export interface StoredModule {
  name: string
  contentType: string
  content: Buffer
}

export interface StoredWorker {
  metadata: Record<string, unknown>
  /** The main module first, then the others in the order sent. */
  modules: StoredModule[]
}

const MODULE_TYPES = new Set([
  'application/javascript+module',
  'application/javascript',
  'application/wasm',
  'text/plain',
  'application/octet-stream',
  'application/source-map'
])

export async function parseWorkerBundle(body: Buffer): Promise<StoredWorker> {
  const firstLine = body.subarray(0, body.indexOf('\r\n')).toString('latin1')
  if (!firstLine.startsWith('--')) throw invalid('it is not a multipart body')
  const boundary = firstLine.slice(2)
  let form: FormData
  try {
    form = await new Request('http://emulator.invalid/', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body
    }).formData()
  } catch {
    throw invalid('it is not valid multipart/form-data')
  }
  const entries = [...form.entries()]
  const [first] = entries
  if (!first || first[0] !== 'metadata' || typeof first[1] !== 'string') {
    throw invalid('its first part must be the metadata')
  }
  let metadata: Record<string, unknown>
  try {
    metadata = JSON.parse(first[1]) as Record<string, unknown>
  } catch {
    throw invalid('its metadata is not JSON')
  }
  const main = metadata.main_module ?? metadata.body_part
  if (typeof main !== 'string') throw invalid('its metadata names no main_module')
  const modules: StoredModule[] = []
  for (const [name, value] of entries.slice(1)) {
    if (typeof value === 'string') throw invalid(`the part ${name} is not a file`)
    if (!MODULE_TYPES.has(value.type)) {
      throw invalid(`the module ${name} has the content type ${value.type || '(none)'}`)
    }
    modules.push({ name, contentType: value.type, content: Buffer.from(await value.arrayBuffer()) })
  }
  const mainIndex = modules.findIndex((module) => module.name === main)
  if (mainIndex === -1) throw invalid(`the main module ${main} is not among its parts`)
  const [mainModule] = modules.splice(mainIndex, 1)
  return { metadata, modules: mainModule ? [mainModule, ...modules] : modules }
}

function invalid(why: string): ApiError {
  return new ApiError(400, EmulatorCode.invalidBody, `Invalid _worker.bundle: ${why}.`)
}
