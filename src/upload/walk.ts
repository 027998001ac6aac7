/**
 * Walks the folder given as the `directory` input the way Cloudflare's Direct Upload expects:
 * which files become assets, which are special files sent with the deployment, and which are
 * refused. Only names and sizes are kept in memory, never content.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { statSync, type Dirent, type Stats } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { formatMebibytes } from '../util/size.js'
import { contentTypeFor } from './content-type.js'
import { byDialect, workspaceName } from '../util/input-names.js'

/** Largest file Cloudflare Pages accepts: 25 MiB. */
export const MAX_ASSET_BYTES = 25 * 1024 * 1024

/** Files a deployment may have unless the upload token says otherwise. */
export const DEFAULT_MAX_FILES = 20_000
/** The most files any plan allows a deployment (Workers Paid), for a walk before the token. */
export const MOST_FILES_ANY_PLAN = 100_000

/** Files at the root of the folder that configure the deployment instead of being served. */
export const SPECIAL_FILE_NAMES = ['_headers', '_redirects', '_routes.json', '_worker.js'] as const
export type SpecialFileName = (typeof SPECIAL_FILE_NAMES)[number]

/** Names never uploaded, at any depth. */
const SKIPPED_ANYWHERE = new Set(['.DS_Store', 'node_modules', '.git', '.wrangler'])
/** Names never uploaded at the root: Pages Functions source and the special files. */
const SKIPPED_AT_ROOT = new Set<string>(['functions', ...SPECIAL_FILE_NAMES])

/**
 * Longest stretch of synchronous `stat` calls before the walk lets the event loop run, so that
 * signals and timers are served while a large folder is listed.
 */
const YIELD_EVERY_MS = 50

/** One file to upload. */
export interface AssetFile {
  /** Manifest key: `/` plus the path relative to the folder, with `/` separators. */
  path: string
  absolutePath: string
  size: number
  contentType: string
}

/** A special file found at the root of the folder. */
export interface SpecialFile {
  name: SpecialFileName
  absolutePath: string
  size: number
}

/** What the folder holds. */
export interface WalkResult {
  /** The folder, resolved to an absolute path without symlinks. */
  root: string
  /** Assets sorted by path. */
  files: AssetFile[]
  specialFiles: SpecialFile[]
  /** Sum of the assets' sizes. */
  totalBytes: number
  /** Entries left out (`.git`, `node_modules`, `functions`...), as manifest-style paths. */
  skipped: string[]
}

export interface WalkOptions {
  /** Most files allowed: the upload token's `max_file_count_allowed`. Default 20,000. */
  maxFiles?: number
  /** Largest file allowed. Default 25 MiB. */
  maxFileBytes?: number
  /** Name of the input the folder came from, for error messages. Default `directory`. */
  inputName?: string
  /**
   * Refuse a folder with no file to upload. Default true; false when the deployment has a
   * Worker, which a server-rendered site (Astro, SvelteKit, Remix) may be all of.
   */
  requireFiles?: boolean
}

/** The folder cannot be deployed as it is; the message says what to change. */
export class DirectoryError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DirectoryError'
  }
}

/**
 * Lists the assets and special files of `directory` (relative paths are resolved against the
 * working directory). Symlinks are followed when their target stays inside the folder.
 */
export async function walkDirectory(
  directory: string,
  options: WalkOptions = {}
): Promise<WalkResult> {
  const input = options.inputName ?? 'directory'
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES
  const maxFileBytes = options.maxFileBytes ?? MAX_ASSET_BYTES
  const shown = `${input} '${directory}'`
  const where = resolve(directory)

  let rootStats: Stats
  try {
    rootStats = await stat(where)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new DirectoryError(
        `${shown} does not exist${where === directory ? '' : ` (looked for ${where})`}. Build the site before this step, or check the path: a relative path starts at ${workspaceName()}${byDialect({ action: ' (GITHUB_WORKSPACE)', cli: '' })}.`
      )
    }
    throw new DirectoryError(`${shown} cannot be read: ${describe(error)}`)
  }
  if (!rootStats.isDirectory()) {
    throw new DirectoryError(`${shown} is not a directory (${where}); give the folder to upload.`)
  }
  const root = await realpath(where)

  const files: AssetFile[] = []
  const specialFiles: SpecialFile[] = []
  const skipped: string[] = []
  const oversized: Array<{ path: string; size: number }> = []

  function tooMany(): DirectoryError {
    return new DirectoryError(
      `${shown} has more than ${maxFiles.toLocaleString('en-US')} files, the most a Pages deployment may have. Remove files that need not be served, or leave them out of the folder.`
    )
  }

  let sliceStart = performance.now()
  /** Lets the event loop run when the walk has kept it busy for {@link YIELD_EVERY_MS}. */
  async function pause(): Promise<void> {
    if (performance.now() - sliceStart < YIELD_EVERY_MS) return
    await new Promise((resolve) => setImmediate(resolve))
    sliceStart = performance.now()
  }

  /** Walks `dir` (real path `realDir`), which is at manifest path `prefix`. */
  async function visit(dir: string, realDir: string, prefix: string, ancestors: string[]) {
    // The entry types come with the listing: only symlinks need a stat of their own, and
    // regular files one for their size.
    const entries = await readdir(dir, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const atRoot = prefix === ''
    const kept = entries.filter(({ name }) => {
      const skip = SKIPPED_ANYWHERE.has(name) || (atRoot && SKIPPED_AT_ROOT.has(name))
      if (skip && !(atRoot && isSpecial(name))) skipped.push(`${prefix}/${name}`)
      return !skip
    })
    if (atRoot) {
      for (const entry of entries) {
        const name = entry.name
        if (!isSpecial(name)) continue
        const absolutePath = join(dir, name)
        const target = await resolveEntry(entry, absolutePath, join(realDir, name), `/${name}`)
        // A _worker.js/ folder is the Worker's modules, built apart (fullstack/advanced.ts).
        if (target.kind === 'directory') continue
        if (target.kind === 'file') {
          specialFiles.push({ name, absolutePath, size: target.size })
        }
      }
    }
    for (const entry of kept) {
      const name = entry.name
      const path = `${prefix}/${name}`
      const absolutePath = join(dir, name)
      const target = await resolveEntry(entry, absolutePath, join(realDir, name), path)
      if (target.kind === 'directory') {
        const chain = [...ancestors, realDir]
        if (chain.includes(target.realPath)) {
          throw symlinkLoop(shown, path.slice(1), absolutePath, target.realPath)
        }
        await visit(absolutePath, target.realPath, path, chain)
      } else if (target.kind === 'file') {
        if (target.size > maxFileBytes) {
          oversized.push({ path, size: target.size })
          continue
        }
        files.push({
          path,
          absolutePath,
          size: target.size,
          contentType: contentTypeFor(path.slice(1))
        })
        if (files.length > maxFiles) throw tooMany()
      } else {
        skipped.push(path) // Sockets, FIFOs, devices: nothing to serve.
      }
      await pause()
    }
  }

  /**
   * What the entry is, following a symlink only when its target stays inside the folder.
   * `realPath` is where the entry really is when it is not a symlink. A regular file costs one
   * synchronous `stat` (for its size), a directory nothing; only symlinks take the slow path.
   */
  async function resolveEntry(
    entry: Dirent,
    absolutePath: string,
    realPath: string,
    path: string
  ): Promise<Resolved> {
    if (entry.isDirectory()) return { kind: 'directory', size: 0, realPath }
    if (entry.isFile()) {
      // Throws like `lstat` would when the file vanished since the listing.
      return { kind: 'file', size: statSync(absolutePath).size, realPath }
    }
    if (!entry.isSymbolicLink()) {
      // Sockets, FIFOs, devices; or a file system that did not say what the entry is.
      const own = await lstat(absolutePath)
      if (!own.isSymbolicLink()) return resolved(own, realPath)
    }
    const target = await symlinkTarget(absolutePath, root, shown, path.slice(1))
    return resolved(await stat(target), target)
  }

  await visit(root, root, '', [])

  if (oversized.length > 0) {
    const list = oversized
      .slice(0, 5)
      .map((f) => `'${f.path.slice(1)}' (${formatMebibytes(f.size, maxFileBytes)})`)
      .join(', ')
    const more = oversized.length > 5 ? ` and ${oversized.length - 5} more` : ''
    throw new DirectoryError(
      `${shown} has files over the ${formatMebibytes(maxFileBytes)} Cloudflare Pages accepts per file: ${list}${more}. Serve large files from R2 or another store instead.`
    )
  }
  if (files.length === 0 && (options.requireFiles ?? true)) {
    throw new DirectoryError(
      `${shown} has no files to upload and no Worker (_worker.js or functions/)${root === directory ? '' : ` (${root})`}${skipped.length > 0 ? `; skipped: ${skipped.slice(0, 5).join(', ')}` : ''}. Check that the build wrote its output there.`
    )
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return {
    root,
    files,
    specialFiles,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    skipped
  }
}

/**
 * Where the symlink at `absolutePath` (shown as `path`, relative to the folder) leads, when that
 * is inside `root` (a real path): the folder's own symlink rule, for the upload and the Worker.
 *
 * @throws DirectoryError for a broken symlink, a symlink loop, or one that points outside the folder
 */
export async function symlinkTarget(
  absolutePath: string,
  root: string,
  shown: string,
  path: string
): Promise<string> {
  let target: string
  try {
    target = await realpath(absolutePath)
  } catch (error) {
    // Links that lead to one another never reach a file: a loop, not a broken link.
    if (errorCode(error) === 'ELOOP') throw symlinkLoop(shown, path, absolutePath, undefined)
    throw new DirectoryError(
      `${shown} has a broken symlink at '${path}' (${absolutePath}): ${describe(error)}. Remove it or make it point to a file inside the folder.`
    )
  }
  const inside = relative(root, target)
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new DirectoryError(
      `${shown} has a symlink at '${path}' that points outside the folder (to ${target}). Copy the file into the folder instead: only what is inside it is uploaded.`
    )
  }
  return target
}

/**
 * A symlink at `path` (shown relative to the folder) that leads back to itself through other
 * symlinks, or, as `folder`, to a folder that contains it: following it would never end.
 */
export function symlinkLoop(
  shown: string,
  path: string,
  absolutePath: string,
  folder: string | undefined
): DirectoryError {
  const back = folder === undefined ? 'itself through symlinks' : `${folder}, a folder it is in`
  return new DirectoryError(
    `${shown} has a symlink loop at '${path}': ${absolutePath} leads back to ${back}. Remove the symlink, or make it point to a file inside the folder.`
  )
}

/** What an entry of the folder turned out to be, once symlinks are followed. */
interface Resolved {
  kind: 'file' | 'directory' | 'other'
  size: number
  realPath: string
}

function resolved(stats: Stats, realPath: string): Resolved {
  const kind = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other'
  return { kind, size: stats.size, realPath }
}

function isSpecial(name: string): name is SpecialFileName {
  return (SPECIAL_FILE_NAMES as readonly string[]).includes(name)
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

function describe(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.message : String(error))
}
