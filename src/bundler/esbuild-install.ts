/**
 * esbuild, the bundler for Pages Functions and `_worker.js`, installed on demand: a static site
 * never needs it, and the action stays small. The binary for this platform comes from the npm
 * registry at a pinned version, its tarball checked against the integrity the registry
 * published, and is kept in the runner's tool cache (which `actions/cache` can carry between
 * jobs). An exact-version esbuild already installed in the project is used as it is.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { HttpCore } from '../http/http-core.js'
import type { Clock } from '../util/clock.js'
import { extractFromTgz } from './tar.js'

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
    'sha512-4uJGhsxuptu3OcpVAzli+/gWusVGwZZHTlS63hh++ehExkVT8SgiEf7/uC/PclrPPkLhZqGgCTjd0VWLo6xMqA=='
}

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org'

export interface EsbuildInstallOptions {
  /** The tool cache: RUNNER_TOOL_CACHE in an action, a user cache folder on the command line. */
  cacheDir: string
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
  timeoutMs?: number
}

export interface EsbuildLocation {
  binary: string
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
  const toolDir = join(options.cacheDir, 'esbuild', ESBUILD_VERSION, platform)
  const binary = join(toolDir, executable)
  const done = (source: EsbuildLocation['source'], path: string, bytes = 0): EsbuildLocation => ({
    binary: path,
    source,
    durationMs: options.clock.now() - started,
    downloadedBytes: bytes
  })
  if (existsSync(`${toolDir}.complete`) && existsSync(binary)) return done('tool cache', binary)

  const local = join(options.workingDirectory, 'node_modules', '@esbuild', platform)
  if (versionOf(join(local, 'package.json')) === ESBUILD_VERSION) {
    const path = join(local, executable)
    if (existsSync(path)) return done('project', path)
  }

  const integrity = (options.integrity ?? ESBUILD_INTEGRITY)[platform]
  const install = `npm install --no-save esbuild@${ESBUILD_VERSION} in the working directory`
  const manual = `Allow the runner to reach the npm registry (or set npm_config_registry to a mirror), or run ${install} before this step.`
  if (!integrity) {
    throw new BundlerUnavailableError(
      `pages-pilot builds Functions and _worker.js with esbuild ${ESBUILD_VERSION}, and has no checked download for this platform (${platform}). Run ${install} before this step.`
    )
  }
  const base = options.registry.replace(/\/+$/, '')
  const url = `${base}/@esbuild/${platform}/-/${platform}-${ESBUILD_VERSION}.tgz`
  const http = new HttpCore({ userAgent: 'pages-pilot', maxRedirects: 5 })
  let archive: Buffer
  try {
    const answer = await http.exchange({
      method: 'GET',
      url,
      timeoutMs: options.timeoutMs ?? 60_000,
      signal: options.signal
    })
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`)
    archive = answer.bytes
  } catch (error) {
    throw new BundlerUnavailableError(
      `pages-pilot needs esbuild ${ESBUILD_VERSION} to build the Worker, and could not download it from ${base} (${(error as Error).message}). ${manual}`
    )
  } finally {
    http.dispose()
  }
  const actual = `sha512-${createHash('sha512').update(archive).digest('base64')}`
  if (actual !== integrity) {
    throw new BundlerUnavailableError(
      `the esbuild ${ESBUILD_VERSION} package downloaded from ${base} is not the one the npm registry published (integrity ${actual.slice(0, 24)}…, expected ${integrity.slice(0, 24)}…), so it was not used. Check the registry or proxy in between. ${manual}`
    )
  }
  const content = extractFromTgz(archive, `package/${executable.replace(/\\/g, '/')}`)
  if (!content) {
    throw new BundlerUnavailableError(
      `the esbuild ${ESBUILD_VERSION} package for ${platform} holds no ${executable}. ${manual}`
    )
  }
  // Written under a temporary name and renamed, so a parallel job never runs half a binary.
  await mkdir(join(toolDir, windows ? '' : 'bin'), { recursive: true })
  const partial = `${binary}.${process.pid}.partial`
  await writeFile(partial, content)
  await chmod(partial, 0o755)
  await rename(partial, binary)
  await writeFile(`${toolDir}.complete`, '')
  return done('download', binary, archive.length)
}

/** The registry npm itself would use, from the environment. */
export function npmRegistry(env: NodeJS.ProcessEnv): string {
  return env.npm_config_registry || env.NPM_CONFIG_REGISTRY || DEFAULT_REGISTRY
}

function versionOf(packageJson: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }
    return typeof parsed.version === 'string' ? parsed.version : undefined
  } catch {
    return undefined
  }
}
