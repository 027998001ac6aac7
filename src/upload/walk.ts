/**
 * Walks the folder given as the `directory` input the way Cloudflare's Direct Upload expects:
 * which files become assets, which are special files sent with the deployment, and which are
 * refused. Only names and sizes are kept in memory, never content.
 */
import { lstat, opendir, realpath, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { assetExtension } from './hash.js'

/** Largest file Cloudflare Pages accepts: 25 MiB. */
export const MAX_ASSET_BYTES = 25 * 1024 * 1024

/** Files a deployment may have unless the upload token says otherwise. */
export const DEFAULT_MAX_FILES = 20_000

/** Files at the root of the folder that configure the deployment instead of being served. */
export const SPECIAL_FILE_NAMES = ['_headers', '_redirects', '_routes.json', '_worker.js'] as const
export type SpecialFileName = (typeof SPECIAL_FILE_NAMES)[number]

/** Names never uploaded, at any depth. */
const SKIPPED_ANYWHERE = new Set(['.DS_Store', 'node_modules', '.git', '.wrangler'])
/** Names never uploaded at the root: Pages Functions source and the special files. */
const SKIPPED_AT_ROOT = new Set<string>(['functions', ...SPECIAL_FILE_NAMES])

/** Stats of files under the same directory are read this many at a time. */
const STAT_CONCURRENCY = 32

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
        `${shown} does not exist${where === directory ? '' : ` (looked for ${where})`}. Build the site before this step, or check the path: a relative path starts at the workspace (GITHUB_WORKSPACE).`
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

  /** Walks `dir` (real path `realDir`), which is at manifest path `prefix`. */
  async function visit(dir: string, realDir: string, prefix: string, ancestors: string[]) {
    const names: string[] = []
    for await (const entry of await opendir(dir)) names.push(entry.name)
    names.sort()
    const atRoot = prefix === ''
    const kept = names.filter((name) => {
      const skip = SKIPPED_ANYWHERE.has(name) || (atRoot && SKIPPED_AT_ROOT.has(name))
      if (skip && !(atRoot && isSpecial(name))) skipped.push(`${prefix}/${name}`)
      return !skip
    })
    if (atRoot) {
      for (const name of names.filter(isSpecial)) {
        const absolutePath = join(dir, name)
        const target = await resolveEntry(absolutePath, join(realDir, name), `/${name}`)
        if (target.stats.isDirectory()) {
          throw new DirectoryError(
            `${shown} has a _worker.js directory (${absolutePath}). Advanced-mode Workers split into a directory are not supported yet: bundle it into a single _worker.js file.`
          )
        }
        if (target.stats.isFile()) {
          specialFiles.push({ name, absolutePath, size: target.stats.size })
        }
      }
    }
    for (let i = 0; i < kept.length; i += STAT_CONCURRENCY) {
      const batch = kept.slice(i, i + STAT_CONCURRENCY)
      const resolved = await Promise.all(
        batch.map((name) => resolveEntry(join(dir, name), join(realDir, name), `${prefix}/${name}`))
      )
      for (const [index, target] of resolved.entries()) {
        const name = batch[index] ?? ''
        const path = `${prefix}/${name}`
        const absolutePath = join(dir, name)
        if (target.stats.isDirectory()) {
          const chain = [...ancestors, realDir]
          if (chain.includes(target.realPath)) {
            throw new DirectoryError(
              `${shown} has a symlink loop at '${path.slice(1)}' (${absolutePath} leads back to ${target.realPath}).`
            )
          }
          await visit(absolutePath, target.realPath, path, chain)
        } else if (target.stats.isFile()) {
          if (target.stats.size > maxFileBytes) {
            oversized.push({ path, size: target.stats.size })
            continue
          }
          files.push({
            path,
            absolutePath,
            size: target.stats.size,
            contentType: contentTypeFor(name)
          })
          if (files.length > maxFiles) throw tooMany()
        } else {
          skipped.push(path) // Sockets, FIFOs, devices: nothing to serve.
        }
      }
    }
  }

  /**
   * Stats of the entry, following a symlink only when its target stays inside the folder.
   * `realPath` is where the entry really is when it is not a symlink.
   */
  async function resolveEntry(
    absolutePath: string,
    realPath: string,
    path: string
  ): Promise<{ stats: Stats; realPath: string }> {
    const own = await lstat(absolutePath)
    if (!own.isSymbolicLink()) return { stats: own, realPath }
    let target: string
    try {
      target = await realpath(absolutePath)
    } catch (error) {
      throw new DirectoryError(
        `${shown} has a broken symlink at '${path.slice(1)}' (${absolutePath}): ${describe(error)}. Remove it or make it point to a file inside the folder.`
      )
    }
    const inside = relative(root, target)
    if (inside === '' ? false : inside.startsWith('..') || isAbsolute(inside)) {
      throw new DirectoryError(
        `${shown} has a symlink at '${path.slice(1)}' that points outside the folder (to ${target}). Copy the file into the folder instead: only what is inside it is uploaded.`
      )
    }
    return { stats: await stat(target), realPath: target }
  }

  await visit(root, root, '', [])

  if (oversized.length > 0) {
    const list = oversized
      .slice(0, 5)
      .map((f) => `'${f.path.slice(1)}' (${mebibytes(f.size)})`)
      .join(', ')
    const more = oversized.length > 5 ? ` and ${oversized.length - 5} more` : ''
    throw new DirectoryError(
      `${shown} has files over the ${mebibytes(maxFileBytes)} Cloudflare Pages accepts per file: ${list}${more}. Serve large files from R2 or another store instead.`
    )
  }
  if (files.length === 0) {
    throw new DirectoryError(
      `${shown} has no files to upload${root === directory ? '' : ` (${root})`}${skipped.length > 0 ? `; skipped: ${skipped.slice(0, 5).join(', ')}` : ''}. Check that the build wrote its output there.`
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

function isSpecial(name: string): name is SpecialFileName {
  return (SPECIAL_FILE_NAMES as readonly string[]).includes(name)
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  mjs: 'application/javascript',
  cjs: 'application/javascript',
  json: 'application/json',
  map: 'application/json',
  webmanifest: 'application/manifest+json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/vnd.microsoft.icon',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  xml: 'application/xml',
  wasm: 'application/wasm',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  pdf: 'application/pdf',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  webm: 'video/webm'
}

/** Content type from the file name's extension; `application/octet-stream` when unknown. */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[assetExtension(fileName).toLowerCase()] ?? 'application/octet-stream'
}

function mebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

function describe(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.message : String(error))
}
