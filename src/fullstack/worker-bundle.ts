/**
 * `_worker.bundle`: the Worker of a Pages deployment, sent as one file of the deployment form.
 * It is itself a multipart body: a `metadata` part (JSON: the main module, and with a wrangler
 * configuration its compatibility settings and bindings) always first, then the main module,
 * then the other modules, each with its type's content type.
 */
import { randomBytes } from 'node:crypto'
import { MODULE_CONTENT_TYPE, type WorkerModule } from './modules.js'

/** The metadata keys besides `main_module`, from the wrangler configuration when there is one. */
export type WorkerMetadataFields = Record<string, unknown>

export interface WorkerBundle {
  main: WorkerModule
  modules: WorkerModule[]
  /** Merged into the metadata after `main_module`; omitted without a configuration. */
  metadata: WorkerMetadataFields | undefined
}

/** The metadata JSON, `main_module` first, as wrangler writes it. */
export function metadataOf(bundle: WorkerBundle): string {
  return JSON.stringify({ main_module: bundle.main.name, ...(bundle.metadata ?? {}) })
}

/** The multipart body of `_worker.bundle`. */
export function workerBundleBody(bundle: WorkerBundle, boundary = newBoundary()): Buffer {
  const parts: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${metadataOf(bundle)}\r\n`
    )
  ]
  for (const module of [bundle.main, ...bundle.modules]) {
    const name = escapeName(module.name)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: ${MODULE_CONTENT_TYPE[module.type]}\r\n\r\n`
      ),
      module.content,
      Buffer.from('\r\n')
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(parts)
}

/** Total bytes of the Worker's modules, and gzipped (the measure of Cloudflare's size limit). */
export function workerSize(bundle: WorkerBundle): number {
  return [bundle.main, ...bundle.modules].reduce((sum, m) => sum + m.content.length, 0)
}

function newBoundary(): string {
  return `----pages-pilot-worker-${randomBytes(12).toString('hex')}`
}

/** As browsers and undici escape names in form-data headers. */
function escapeName(name: string): string {
  return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22')
}
