/**
 * esbuild on demand: downloaded once from a registry (here a local one), checked against the
 * published integrity, kept in the tool cache; a project's own copy of the pinned version used
 * as it is; and a failed or tampered download explained, with what to do.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runEsbuild } from '../src/bundler/esbuild.js'
import {
  BundlerUnavailableError,
  ESBUILD_VERSION,
  installEsbuild,
  privateToolFolder,
  type EsbuildInstallOptions
} from '../src/bundler/esbuild-install.js'
import { extractFromTgz } from '../src/bundler/tar.js'
import { UnverifiedBinaryError, VerifiedBinary } from '../src/bundler/verified-binary.js'
import { redact } from '../src/util/secrets.js'
import { systemClock } from '../src/util/clock.js'

const PLATFORM = 'linux-x64'
const BINARY = '#!/bin/sh\necho 0.27.3\n'
/** A binary planted where pages-pilot looks: were it run, it would keep the environment it saw. */
const planted = (envFile: string): string => `#!/bin/sh\nenv > '${envFile}'\necho 0.27.3\n`
const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex')

/** A package tarball as npm publishes it: `package/bin/esbuild` and a package.json. */
function packageTarball(binary = BINARY): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-tgz-'))
  mkdirSync(join(dir, 'package', 'bin'), { recursive: true })
  writeFileSync(join(dir, 'package', 'package.json'), `{"version":"${ESBUILD_VERSION}"}`)
  writeFileSync(join(dir, 'package', 'bin', 'esbuild'), binary)
  execFileSync('tar', ['czf', join(dir, 'pkg.tgz'), '-C', dir, 'package'])
  return readFileSync(join(dir, 'pkg.tgz'))
}

const integrityOf = (data: Buffer): string =>
  `sha512-${createHash('sha512').update(data).digest('base64')}`

let server: Server
let registry: string
const served = new Map<string, Buffer>()
const requests: string[] = []
const authorizations: Array<string | undefined> = []
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '')
    authorizations.push(req.headers.authorization)
    const body = served.get(req.url ?? '')
    if (!body) {
      res.writeHead(404).end('{"error":"Not found"}')
      return
    }
    res.writeHead(200, { 'content-length': body.length }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

const TARBALL_PATH = `/@esbuild/${PLATFORM}/-/${PLATFORM}-${ESBUILD_VERSION}.tgz`

function options(overrides: Partial<EsbuildInstallOptions> = {}): EsbuildInstallOptions {
  return {
    cacheDir: mkdtempSync(join(tmpdir(), 'pages-pilot-cache-')),
    workingDirectory: mkdtempSync(join(tmpdir(), 'pages-pilot-project-')),
    registry,
    clock: systemClock,
    signal: undefined,
    platform: PLATFORM,
    binarySha256: { [PLATFORM]: sha256(BINARY) },
    ...overrides
  }
}

/** Serves the package whose binary is {@link BINARY}; returns the options that trust it. */
function publishedPackage(): Pick<EsbuildInstallOptions, 'integrity'> {
  const tarball = packageTarball()
  served.set(TARBALL_PATH, tarball)
  return { integrity: { [PLATFORM]: integrityOf(tarball) } }
}

/** `binary` written with a `.complete` marker where the installer keeps esbuild. */
function plantInToolCache(cacheDir: string, binary: string): string {
  const toolDir = join(cacheDir, 'esbuild', ESBUILD_VERSION, PLATFORM)
  mkdirSync(join(toolDir, 'bin'), { recursive: true })
  writeFileSync(join(toolDir, 'bin', 'esbuild'), binary, { mode: 0o755 })
  writeFileSync(`${toolDir}.complete`, '')
  return join(toolDir, 'bin', 'esbuild')
}

describe('installing esbuild on demand', () => {
  it('downloads the pinned package once, checks it, and keeps the binary in the tool cache', async () => {
    const settings = options(publishedPackage())
    const cacheDir = settings.cacheDir ?? ''
    const before = requests.length
    const first = await installEsbuild(settings)
    expect(first.source).toBe('download')
    expect(first.downloadedBytes).toBe(served.get(TARBALL_PATH)?.length)
    expect(first.binary.path).toBe(
      join(cacheDir, 'esbuild', ESBUILD_VERSION, PLATFORM, 'bin', 'esbuild')
    )
    expect(readFileSync(first.binary.path, 'utf8')).toBe(BINARY)
    expect(statSync(first.binary.path).mode & 0o111).not.toBe(0)
    expect(execFileSync(first.binary.path, { encoding: 'utf8' }).trim()).toBe(ESBUILD_VERSION)
    const second = await installEsbuild(settings)
    expect(second).toMatchObject({ source: 'tool cache', downloadedBytes: 0 })
    expect(second.binary.path).toBe(first.binary.path)
    expect(requests.slice(before)).toEqual([TARBALL_PATH])
  })

  it('refuses a package that is not the published one, and keeps nothing of it', async () => {
    served.set(TARBALL_PATH, packageTarball('#!/bin/sh\necho tampered\n'))
    const settings = options({ integrity: { [PLATFORM]: integrityOf(packageTarball()) } })
    const error = await installEsbuild(settings).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BundlerUnavailableError)
    expect((error as Error).message).toMatch(
      /^the esbuild 0\.27\.3 package downloaded from http:\/\/127\.0\.0\.1:\d+ is not the one the npm registry published/
    )
    expect(() => statSync(join(settings.cacheDir ?? '', 'esbuild'))).toThrow()
  })

  it('refuses a package whose integrity matches but whose binary is not the published one', async () => {
    const tarball = packageTarball('#!/bin/sh\necho other\n')
    served.set(TARBALL_PATH, tarball)
    const settings = options({ integrity: { [PLATFORM]: integrityOf(tarball) } })
    const error = await installEsbuild(settings).catch((e: unknown) => e)
    expect((error as Error).message).toContain('holds no bin/esbuild with the published content')
  })

  it('says what to install when the registry cannot be reached', async () => {
    const settings = options({ registry: 'http://127.0.0.1:9' })
    const error = await installEsbuild(settings).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(
      /could not download it from http:\/\/127\.0\.0\.1:9 \(.+\)\. Allow the runner to reach the npm registry \(or set npm_config_registry to a mirror\), or run npm install --no-save esbuild@0\.27\.3 in the working directory before this step\./
    )
  })

  it("uses the project's own esbuild of the pinned version, without downloading", async () => {
    const project = mkdtempSync(join(tmpdir(), 'pages-pilot-project-'))
    const local = join(project, 'node_modules', '@esbuild', PLATFORM)
    mkdirSync(join(local, 'bin'), { recursive: true })
    writeFileSync(join(local, 'package.json'), `{"version":"${ESBUILD_VERSION}"}`)
    writeFileSync(join(local, 'bin', 'esbuild'), BINARY)
    chmodSync(join(local, 'bin', 'esbuild'), 0o755)
    const before = requests.length
    const found = await installEsbuild(options({ workingDirectory: project }))
    expect(found.source).toBe('project')
    expect(found.binary.path).toBe(join(local, 'bin', 'esbuild'))
    expect(requests.length).toBe(before)
  })

  it('reads the binary out of a package tarball, and only what is asked for', () => {
    const real = packageTarball()
    expect(extractFromTgz(real, 'package/bin/esbuild')?.toString()).toBe(BINARY)
    expect(extractFromTgz(real, 'package/nope')).toBeUndefined()
  })
})

describe('a registry with credentials in its URL', () => {
  it('gets them as an Authorization header, never in the URL', async () => {
    const settings = options({
      ...publishedPackage(),
      registry: registry.replace('http://', 'http://ci-user:p%40ss-w0rd@')
    })
    const before = requests.length
    const found = await installEsbuild(settings)
    expect(found.source).toBe('download')
    expect(requests.slice(before)).toEqual([TARBALL_PATH])
    expect(authorizations.at(-1)).toBe(
      `Basic ${Buffer.from('ci-user:p@ss-w0rd').toString('base64')}`
    )
  })

  it('never shows them when the download fails', async () => {
    for (const url of [
      'http://ci-user:hunter2-secret@127.0.0.1:9/',
      'http://127.0.0.1:9/npm/?_authToken=npm_token_0123456789'
    ]) {
      const error = await installEsbuild(options({ registry: url })).catch((e: unknown) => e)
      const message = redact((error as Error).message)
      expect(message).toContain('could not download it from http://127.0.0.1:9')
      expect(message).not.toMatch(/hunter2|npm_token_0123456789|ci-user/)
    }
  })

  it('are redacted from any URL in a message', () => {
    expect(
      redact(
        'from https://bob:pa55@mirror.example/npm and https://m.example/x?_authToken=abc&v=1 ok'
      )
    ).toBe('from https://***@mirror.example/npm and https://m.example/x?_authToken=***&v=1 ok')
  })
})

describe('a planted esbuild', () => {
  it('in the tool cache is never run: a warning, and the published one replaces it', async () => {
    const settings = options(publishedPackage())
    const envFile = join(mkdtempSync(join(tmpdir(), 'pages-pilot-env-')), 'seen')
    const path = plantInToolCache(settings.cacheDir ?? '', planted(envFile))
    const warnings: string[] = []
    const found = await installEsbuild({ ...settings, warn: (m) => warnings.push(m) })
    expect(found.source).toBe('download')
    expect(warnings).toEqual([
      `The esbuild in the tool cache (${path}) is not the esbuild 0.27.3 binary that the npm registry published, so it was not run; it is downloaded again.`
    ])
    expect(readFileSync(path, 'utf8')).toBe(BINARY)
    await runEsbuild(found.binary, ['--version'], { cwd: tmpdir() })
    expect(existsSync(envFile)).toBe(false)
  })

  it("in the project's node_modules is never run, and the published one is downloaded", async () => {
    const settings = options(publishedPackage())
    const envFile = join(mkdtempSync(join(tmpdir(), 'pages-pilot-env-')), 'seen')
    const local = join(settings.workingDirectory, 'node_modules', '@esbuild', PLATFORM)
    mkdirSync(join(local, 'bin'), { recursive: true })
    writeFileSync(join(local, 'package.json'), `{"version":"${ESBUILD_VERSION}"}`)
    writeFileSync(join(local, 'bin', 'esbuild'), planted(envFile), { mode: 0o755 })
    const warnings: string[] = []
    const found = await installEsbuild({ ...settings, warn: (m) => warnings.push(m) })
    expect(found.source).toBe('download')
    expect(warnings[0]).toMatch(
      /^The esbuild in the project's node_modules .* was not run; the published one is downloaded instead\.$/
    )
    await runEsbuild(found.binary, ['--version'], { cwd: tmpdir() })
    expect(existsSync(envFile)).toBe(false)
  })

  it('swapped in after the check is not run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-swap-'))
    const path = join(dir, 'esbuild')
    writeFileSync(path, BINARY, { mode: 0o755 })
    const binary = new VerifiedBinary(path, sha256(BINARY))
    expect((await runEsbuild(binary, ['--version'], { cwd: dir })).ok).toBe(true)
    const envFile = join(dir, 'seen')
    writeFileSync(`${path}.new`, planted(envFile), { mode: 0o755 })
    execFileSync('mv', [`${path}.new`, path])
    const error = await runEsbuild(binary, ['--version'], { cwd: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnverifiedBinaryError)
    expect((error as Error).message).toContain('changed after pages-pilot checked it')
    expect(existsSync(envFile)).toBe(false)
  })
})

describe('esbuild sees no secret', () => {
  it('runs with PATH, HOME and the temporary folder, and no input, token or Cloudflare variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-envcheck-'))
    const envFile = join(dir, 'seen')
    const script = planted(envFile)
    writeFileSync(join(dir, 'esbuild'), script, { mode: 0o755 })
    const saved = { ...process.env }
    Object.assign(process.env, {
      'INPUT_API-TOKEN': 'cf-token-never-to-be-seen',
      'INPUT_GITHUB-TOKEN': 'ghs_never_to_be_seen',
      GITHUB_TOKEN: 'ghs_never_to_be_seen_either',
      CLOUDFLARE_API_TOKEN: 'cf-env-token',
      CLOUDFLARE_ACCOUNT_ID: '0123456789abcdef0123456789abcdef',
      NODE_PATH: '/somewhere/else',
      TMPDIR: tmpdir()
    })
    try {
      await runEsbuild(new VerifiedBinary(join(dir, 'esbuild'), sha256(script)), [], { cwd: dir })
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
      Object.assign(process.env, saved)
    }
    const seen = readFileSync(envFile, 'utf8')
    const names = seen
      .split('\n')
      .map((line) => line.split('=')[0] ?? '')
      .filter((name) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name))
    expect(names).toEqual(expect.arrayContaining(['PATH', 'TMPDIR']))
    expect(names.filter((n) => /^(INPUT_|CLOUDFLARE_|GITHUB_|NODE_PATH$)/.test(n))).toEqual([])
    expect(seen).not.toMatch(/never_to_be_seen|cf-token|cf-env-token/)
  })
})

describe('the tool folder without a runner tool cache', () => {
  const uid = process.getuid?.() ?? 0

  it('is pages-pilot-tools-<uid>, created private to the user', async () => {
    const base = mkdtempSync(join(tmpdir(), 'pages-pilot-base-'))
    const folder = await privateToolFolder(undefined, base)
    expect(folder).toBe(join(base, `pages-pilot-tools-${uid}`))
    expect(statSync(folder).mode & 0o777).toBe(0o700)
    expect(await privateToolFolder(undefined, base)).toBe(folder)
  })

  it('is not used when it belongs to another user', async () => {
    const base = mkdtempSync(join(tmpdir(), 'pages-pilot-base-'))
    // Made by this process, so owned by `uid`, while the run is told it is `uid + 1`.
    const warnings: string[] = []
    const folder = await privateToolFolder((m) => warnings.push(m), base, uid + 1)
    expect(folder).not.toBe(join(base, `pages-pilot-tools-${uid + 1}`))
    expect(warnings).toEqual([
      expect.stringContaining(`pages-pilot-tools-${uid + 1} belongs to another user (uid ${uid})`)
    ])
  })

  it.each([
    [
      'open to other users',
      (path: string) => mkdirSync(path, { mode: 0o777 }),
      'may be written by other users'
    ],
    [
      'a symlink to another folder',
      (path: string) => symlinkSync(mkdtempSync(join(tmpdir(), 'elsewhere-')), path),
      'is not a folder'
    ]
  ])('is not used when someone planted it first (%s)', async (_, plant, problem) => {
    const base = mkdtempSync(join(tmpdir(), 'pages-pilot-base-'))
    const named = join(base, `pages-pilot-tools-${uid}`)
    plant(named)
    chmodSync(named, 0o777)
    const warnings: string[] = []
    const folder = await privateToolFolder((m) => warnings.push(m), base)
    expect(folder).not.toBe(named)
    expect(lstatSync(folder).mode & 0o777).toBe(0o700)
    expect(warnings).toEqual([
      expect.stringContaining(`${named} ${problem}, so pages-pilot does not keep esbuild there`)
    ])
  })
})
