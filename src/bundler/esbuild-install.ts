/**
 * esbuild, the bundler for Pages Functions and `_worker.js`, installed on demand: a static site
 * never needs it, and the action stays small. The binary for this platform comes from the npm
 * registry at a pinned version, its tarball checked against the integrity the registry
 * published, and is kept in the runner's tool cache (which `actions/cache` can carry between
 * jobs). An exact-version esbuild already installed in the project is used too. Wherever it is
 * found, the binary runs only when its own hash is the published binary's (see
 * {@link VerifiedBinary}): a tool cache or a `node_modules` folder is no proof of anything.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, lstat, mkdir, mkdtemp, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HttpCore } from '../http/http-core.js'
import type { Clock } from '../util/clock.js'
import { registerSecret } from '../util/secrets.js'
import { extractFromTgz } from './tar.js'
import { VerifiedBinary } from './verified-binary.js'

/** The version wrangler 4.86 bundles with: the same compiler, the same output. */
export const ESBUILD_VERSION = '0.27.3'

/** `dist.integrity` of `@esbuild/<platform>@0.27.3`, as the npm registry publishes it. */
export const ESBUILD_INTEGRITY: Readonly<Record<string, string>> = {
  'linux-x64':
    'sha512-Czi8yzXUWIQYAtL/2y6vogER8pvcsOsk5cpwL4Gk5nJqH5UZiVByIY8Eorm5R13gq+DQKYg0+JyQoytLQas4dA==',
  'linux-arm64':
    'sha512-sZOuFz/xWnZ4KH3YfFrKCf1WyPZHakVzTiqji3WDc0BCl2kBwiJLCXpzLzUBLgmp4veFZdvN5ChW4Eq/8Fc2Fg==',
  'darwin-x64':
    'sha512-vHk/hA7/1AckjGzRqi6wbo+jaShzRowYip6rt6q7VYEDX4LEy1pZfDpdxCBnGtl+A5zq8iXDcyuxwtv3hNtHFg==',
  'darwin-arm64':
    'sha512-Re491k7ByTVRy0t3EKWajdLIr0gz2kKKfzafkth4Q8A5n1xTHrkqZgLLjFEHVD+AXdUGgQMq+Godfq45mGpCKg==',
  'win32-x64':
    'sha512-4uJGhsxuptu3OcpVAzli+/gWusVGwZZHTlS63hh++ehExkVT8SgiEf7/uC/PclrPPkLhZqGgCTjd0VWLo6xMqA==',
  'win32-arm64':
    'sha512-B2t59lWWYrbRDw/tjiWOuzSsFh1Y/E95ofKz7rIVYSQkUYBjfSgf6oeYPNWHToFRr2zx52JKApIcAS/D5TUBnA=='
}

/**
 * SHA-256 of the executable inside each of those tarballs (`package/bin/esbuild`, or
 * `package/esbuild.exe`): what a binary found on disk must hash to before it runs.
 */
export const ESBUILD_BINARY_SHA256: Readonly<Record<string, string>> = {
  'linux-x64': 'fd49340cbb5f7ca3ce6f313db78d056de21f07338135ec8dfad63294a304fd2c',
  'linux-arm64': '15375a031fa7715c76c4fe41dc65ecff5a9296eedbc763f93ec97c542b49931f',
  'darwin-x64': '1b6019438abbd75231f137e0ae54b6b85af181a49ca4de1833a16eda8a27d057',
  'darwin-arm64': '79fffbb53be7306c1505f97281b63a01902f53ac56682c61f673c78011c5dd14',
  'win32-x64': 'f0dd2091eaf58d11b96c64e0c4516f8ecf94486a28d2a8e7a968bd6770db3ffe',
  'win32-arm64': 'c8cedbe1fe1723bf9658354b0c99b5e640471f9e5a63411bb8517a0dd0e63133'
}

export interface EsbuildInstallOptions {
  /**
   * The tool cache: RUNNER_TOOL_CACHE in an action, a user cache folder on the command line;
   * `undefined` for a folder of this user's own under the temporary folder.
   */
  cacheDir: string | undefined
  /** The project, whose own node_modules may already hold this esbuild. */
  workingDirectory: string
  /** npm registry to download from (npm_config_registry); integrity is checked whatever it is. */
  registry: string
  clock: Clock
  signal: AbortSignal | undefined
  /** `<process.platform>-<process.arch>`, e.g. linux-x64. */
  platform?: string
  /** Expected tarball integrity per platform; the published one by default. */
  integrity?: Readonly<Record<string, string>>
  /** Expected binary hash per platform; the published one by default. */
  binarySha256?: Readonly<Record<string, string>>
  timeoutMs?: number
  /** Told when a binary found on disk is not the published one and is replaced. */
  warn?: (message: string) => void
}

export interface EsbuildLocation {
  binary: VerifiedBinary
  /** Where it came from. */
  source: 'tool cache' | 'project' | 'download'
  /** Time spent finding or installing it. */
  durationMs: number
  /** Bytes downloaded (0 unless downloaded). */
  downloadedBytes: number
}

/** esbuild could not be had; the message says what to do. */
export class BundlerUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BundlerUnavailableError'
  }
}

/** Finds or installs esbuild {@link ESBUILD_VERSION} for this platform. */
export async function installEsbuild(options: EsbuildInstallOptions): Promise<EsbuildLocation> {
  const started = options.clock.now()
  const platform = options.platform ?? `${process.platform}-${process.arch}`
  const windows = platform.startsWith('win32')
  const executable = windows ? 'esbuild.exe' : join('bin', 'esbuild')
  const install = `npm install --no-save esbuild@${ESBUILD_VERSION} in the working directory`
  const integrity = (options.integrity ?? ESBUILD_INTEGRITY)[platform]
  const sha256 = (options.binarySha256 ?? ESBUILD_BINARY_SHA256)[platform]
  if (!integrity || !sha256) {
    throw new BundlerUnavailableError(
      `pages-pilot builds Functions and _worker.js with esbuild ${ESBUILD_VERSION}, and has no checked binary for this platform (${platform}), so it cannot build the Worker here. Run the deploy on Linux, macOS or Windows on x64 or arm64, or build the Worker in an earlier step and deploy it with bundle: false.`
    )
  }
  const cacheDir = options.cacheDir ?? (await privateToolFolder(options.warn))
  const toolDir = join(cacheDir, 'esbuild', ESBUILD_VERSION, platform)
  const binary = join(toolDir, executable)
  const done = (
    source: EsbuildLocation['source'],
    found: VerifiedBinary,
    bytes = 0
  ): EsbuildLocation => ({
    binary: found,
    source,
    durationMs: options.clock.now() - started,
    downloadedBytes: bytes
  })
  const notPublished = (where: string, path: string): string =>
    `The esbuild in ${where} (${path}) is not the esbuild ${ESBUILD_VERSION} binary that the npm registry published, so it was not run`

  if (existsSync(`${toolDir}.complete`) && existsSync(binary)) {
    const cached = new VerifiedBinary(binary, sha256)
    if (await cached.matches()) return done('tool cache', cached)
    options.warn?.(`${notPublished('the tool cache', binary)}; it is downloaded again.`)
  }

  const local = join(options.workingDirectory, 'node_modules', '@esbuild', platform)
  if (versionOf(join(local, 'package.json')) === ESBUILD_VERSION) {
    const path = join(local, executable)
    const project = new VerifiedBinary(path, sha256)
    if (await project.matches()) return done('project', project)
    if (existsSync(path)) {
      options.warn?.(
        `${notPublished("the project's node_modules", path)}; the published one is downloaded instead.`
      )
    }
  }

  const manual = `Allow the runner to reach the npm registry (or set npm_config_registry to a mirror), or run ${install} before this step.`
  const { archive, shown } = await download(options, platform, manual)
  const actual = `sha512-${createHash('sha512').update(archive).digest('base64')}`
  if (actual !== integrity) {
    throw new BundlerUnavailableError(
      `the esbuild ${ESBUILD_VERSION} package downloaded from ${shown} is not the one the npm registry published (integrity ${actual.slice(0, 24)}…, expected ${integrity.slice(0, 24)}…), so it was not used. Check the registry or proxy in between. ${manual}`
    )
  }
  const content = extractFromTgz(archive, `package/${executable.replace(/\\/g, '/')}`)
  if (!content || createHash('sha256').update(content).digest('hex') !== sha256) {
    throw new BundlerUnavailableError(
      `the esbuild ${ESBUILD_VERSION} package for ${platform} holds no ${executable} with the published content. ${manual}`
    )
  }
  // Written under a temporary name and renamed, so a parallel job never runs half a binary,
  // and a planted file in its place is replaced, not written through.
  await mkdir(join(toolDir, windows ? '' : 'bin'), { recursive: true })
  const partial = `${binary}.${process.pid}.partial`
  await writeFile(partial, content, { mode: 0o755 })
  await chmod(partial, 0o755)
  await rename(partial, binary)
  await writeFile(`${toolDir}.complete`, '')
  return done('download', new VerifiedBinary(binary, sha256), archive.length)
}

/** The package tarball, from the registry of the options. */
async function download(
  options: EsbuildInstallOptions,
  platform: string,
  manual: string
): Promise<{ archive: Buffer; shown: string }> {
  const { base, authorization } = registryOf(options.registry)
  const url = `${base}/@esbuild/${platform}/-/${platform}-${ESBUILD_VERSION}.tgz`
  // The HTTP client drops the Authorization header on a redirect to another host.
  const http = new HttpCore({ userAgent: 'pages-pilot', maxRedirects: 5 })
  try {
    const answer = await http.exchange({
      method: 'GET',
      url,
      ...(authorization ? { headers: { authorization } } : {}),
      timeoutMs: options.timeoutMs ?? 60_000,
      signal: options.signal
    })
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`)
    return { archive: answer.bytes, shown: base }
  } catch (error) {
    throw new BundlerUnavailableError(
      `pages-pilot needs esbuild ${ESBUILD_VERSION} to build the Worker, and could not download it from ${base} (${(error as Error).message}). ${manual}`
    )
  } finally {
    http.dispose()
  }
}

/**
 * Without a tool cache from the runner, a folder of this user's own: `pages-pilot-tools-<uid>`
 * in the temporary folder, created 0700. A folder of that name that someone else owns, that
 * others may write to, or that is a symlink (planted before this run) is not used: the run
 * gets a fresh private folder instead.
 */
export async function privateToolFolder(
  warn?: (message: string) => void,
  base: string = tmpdir(),
  uid: number | undefined = process.getuid?.()
): Promise<string> {
  if (uid === undefined) return join(base, 'pages-pilot-tools')
  const folder = join(base, `pages-pilot-tools-${uid}`)
  await mkdir(folder, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
  })
  const found = await lstat(folder)
  const problem = !found.isDirectory()
    ? 'is not a folder'
    : found.uid !== uid
      ? `belongs to another user (uid ${found.uid})`
      : (found.mode & 0o022) !== 0
        ? 'may be written by other users'
        : undefined
  if (problem === undefined) return folder
  warn?.(
    `${folder} ${problem}, so pages-pilot does not keep esbuild there; it uses a new private folder for this run. Set RUNNER_TOOL_CACHE to a folder of your own to keep esbuild between runs.`
  )
  return mkdtemp(join(base, 'pages-pilot-tools-'))
}

/**
 * A registry URL without the credentials it may carry, and those credentials as the header an
 * authenticated mirror expects: `https://user:pass@host/` is Basic authentication, and
 * `?_authToken=…` a bearer token. Both are registered as secrets, so no message shows them.
 */
export function registryOf(registry: string): { base: string; authorization: string | undefined } {
  let url: URL
  try {
    url = new URL(registry.trim())
  } catch {
    return { base: registry.trim().replace(/\/+$/, ''), authorization: undefined }
  }
  let authorization: string | undefined
  const token = url.searchParams.get('_authToken') ?? url.searchParams.get('_auth_token')
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username)
    const password = decodeURIComponent(url.password)
    registerSecret(password)
    const basic = Buffer.from(`${user}:${password}`).toString('base64')
    registerSecret(basic)
    authorization = `Basic ${basic}`
  } else if (token) {
    registerSecret(token)
    authorization = `Bearer ${token}`
  }
  const base = `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '')
  return { base, authorization }
}

/** The registry npm itself would use, from the environment. */
function versionOf(packageJson: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }
    return typeof parsed.version === 'string' ? parsed.version : undefined
  } catch {
    return undefined
  }
}
