/**
 * Where a Worker's modules may come from. esbuild runs on the runner that holds the secrets, and
 * it puts whatever a module imports into the bundle that Cloudflare then serves: an import of
 * `/home/runner/.docker/config.json`, of `../gha-creds-….json` or of a symlink pointing out of
 * the project would publish that file. So every file a build read must lie inside the project:
 * `working-directory`, the output folder, and the `node_modules` folders above the working
 * directory up to the workspace (where npm and pnpm install dependencies), and nowhere else.
 *
 * In a run that does not deploy a fork's code, a package that a `node_modules` folder links to
 * elsewhere in the workspace (npm, pnpm and yarn workspaces link a monorepo's own packages
 * that way) belongs to the project too. A fork's run gets no such allowance: nothing it ships
 * may point anywhere.
 */
import { lstat, readdir, readFile, realpath } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { input } from '../util/input-names.js'

export interface BoundsOptions {
  workingDirectory: string
  outputDir: string
  /** The checkout (GITHUB_WORKSPACE): `node_modules` folders are looked for up to it. */
  workspace: string
  /** The run deploys a fork's pull request: no linked workspace package is allowed. */
  forkCode: boolean
}

/** The folders, as real paths, whose files a Worker may be built from. */
export interface ProjectBounds {
  /** Shown in messages: what the project is. */
  description: string
  roots: string[]
}

/** A build read a file outside the project; nothing was uploaded. */
export class OutsideProjectError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutsideProjectError'
  }
}

export async function projectBounds(options: BoundsOptions): Promise<ProjectBounds> {
  const workingDirectory = await realOrResolved(options.workingDirectory)
  const workspace = await realOrResolved(options.workspace)
  const roots = [workingDirectory, await realOrResolved(options.outputDir)]
  const nodeModules: string[] = []
  // Up from the working directory, while it is inside the workspace (the workspace included).
  for (let dir = workingDirectory; isInside(dir, workspace); dir = dirname(dir)) {
    nodeModules.push(join(dir, 'node_modules'))
    if (dir === workspace || dirname(dir) === dir) break
  }
  if (!nodeModules.includes(join(workingDirectory, 'node_modules'))) {
    nodeModules.push(join(workingDirectory, 'node_modules'))
  }
  for (const folder of nodeModules) {
    const real = await realOrUndefined(folder)
    if (real === undefined) continue
    roots.push(real)
    if (!options.forkCode) roots.push(...(await linkedPackages(real, workspace)))
  }
  return {
    description: `${input('working-directory')} (${workingDirectory})${options.forkCode ? '' : ', the workspace packages it links to'} and the node_modules folders up to the workspace`,
    roots: [...new Set(roots)]
  }
}

/** Whether `realPath` (a path without symlinks) lies inside the project. */
export function withinBounds(bounds: ProjectBounds, realPath: string): boolean {
  return bounds.roots.some((root) => isInside(realPath, root))
}

interface Metafile {
  inputs: Record<string, { imports?: Array<{ path: string; original?: string }> }>
}

/**
 * Checks every file an esbuild build read (its metafile's inputs, relative to `cwd`) against
 * the project, allowing the build's own generated files in `scratch`.
 *
 * @throws OutsideProjectError naming each import that reached outside and the file that made it
 */
export async function checkBuildInputs(
  metafilePath: string,
  cwd: string,
  bounds: ProjectBounds,
  scratch: string,
  what: string
): Promise<void> {
  const { inputs } = JSON.parse(await readFile(metafilePath, 'utf8')) as Metafile
  const realScratch = await realOrResolved(scratch)
  const outside: string[] = []
  for (const input of Object.keys(inputs)) {
    // `<data:…>` and `(disabled):…` are esbuild's own modules, read from no file.
    if (/^<.*>$/s.test(input) || /^\([a-z-]+\):/.test(input)) continue
    const absolute = resolve(cwd, input)
    const real = await realOrResolved(absolute)
    if (withinBounds(bounds, real) || isInside(real, realScratch)) continue
    outside.push(describeImport(inputs, input, cwd, real))
  }
  if (outside.length === 0) return
  const listed = outside.slice(0, 5).map((line) => `  ${line}`)
  if (outside.length > 5) listed.push(`  … and ${outside.length - 5} more`)
  throw new OutsideProjectError(
    `${what} reads files outside the project, so nothing was uploaded:\n${listed.join('\n')}\nA Worker may only be built from ${bounds.description}. Copy what it needs into the project, or install it as a dependency.`
  )
}

/** `file imports 'specifier'` for the first module that imports `input`, and where it led. */
function describeImport(
  inputs: Metafile['inputs'],
  input: string,
  cwd: string,
  real: string
): string {
  for (const [importer, { imports = [] }] of Object.entries(inputs)) {
    for (const entry of imports) {
      const direct = entry.path === input
      // A template-literal import() is a glob (`../gha-creds-*.json`) that names no single file.
      const glob = entry.path.includes('*') && globMatches(entry.path, input)
      if (!direct && !glob) continue
      const specifier = glob ? entry.path : (entry.original ?? entry.path)
      return `${shown(cwd, importer)} imports '${specifier}', which is ${real}`
    }
  }
  return `${real} (read by the build)`
}

function globMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*')
  return new RegExp(`^${source}$`).test(path)
}

function shown(cwd: string, input: string): string {
  return relative(process.cwd(), resolve(cwd, input)).split(sep).join('/') || input
}

/**
 * The real folders of the packages a `node_modules` folder links to elsewhere in the
 * workspace (`node_modules/<name>` and `node_modules/@scope/<name>` symlinks), never the
 * workspace itself or a folder holding it.
 */
async function linkedPackages(nodeModules: string, workspace: string): Promise<string[]> {
  const found: string[] = []
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (depth === 0 && entry.name.startsWith('@') && entry.isDirectory()) {
        await visit(path, 1)
        continue
      }
      if (!entry.isSymbolicLink()) continue
      const target = await realOrUndefined(path)
      if (target === undefined || target === workspace) continue
      if (isInside(target, workspace) && !isInside(workspace, target)) found.push(target)
    }
  }
  await visit(nodeModules, 0)
  return found
}

/** Whether `path` is `folder` or inside it (both absolute, without symlinks). */
export function isInside(path: string, folder: string): boolean {
  const rest = relative(folder, path)
  return rest === '' || (rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest))
}

async function realOrUndefined(path: string): Promise<string | undefined> {
  try {
    await lstat(path)
    return await realpath(path)
  } catch {
    return undefined
  }
}

/** The real path, or the resolved path of something that does not exist (yet). */
async function realOrResolved(path: string): Promise<string> {
  return (await realOrUndefined(path)) ?? resolve(path)
}
