/**
 * The modules of a Worker as Pages receives them in `_worker.bundle`: each has a type that
 * decides how the runtime loads it, sent as its part's content type.
 */

export type ModuleType = 'esm' | 'commonjs' | 'compiled-wasm' | 'text' | 'buffer'

export interface WorkerModule {
  /** The module's name, as other modules import it (`chunks/a.js`, `add-5TVR55B5.wasm`). */
  name: string
  type: ModuleType
  content: Buffer
}

/** The content type each module type is sent with, as Cloudflare's upload API expects it. */
export const MODULE_CONTENT_TYPE: Readonly<Record<ModuleType, string>> = {
  esm: 'application/javascript+module',
  commonjs: 'application/javascript',
  'compiled-wasm': 'application/wasm',
  text: 'text/plain',
  buffer: 'application/octet-stream'
}

/**
 * The type of a module found in a `_worker.js/` directory or produced by a build, by its
 * extension, with the rules Cloudflare's tooling applies; `undefined` for a file that is not a
 * module (it is not uploaded).
 */
export function moduleTypeOf(name: string): ModuleType | undefined {
  const extension = /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase()
  switch (extension) {
    case 'js':
    case 'mjs':
      return 'esm'
    case 'wasm':
      return 'compiled-wasm'
    case 'txt':
    case 'html':
    case 'sql':
      return 'text'
    case 'bin':
      return 'buffer'
    default:
      return undefined
  }
}
