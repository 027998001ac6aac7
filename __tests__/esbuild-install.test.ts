/**
 * esbuild on demand: downloaded once from a registry (here a local one), checked against the
 * published integrity, kept in the tool cache; a project's own copy of the pinned version used
 * as it is; and a failed or tampered download explained, with what to do.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  BundlerUnavailableError,
  ESBUILD_VERSION,
  installEsbuild,
  type EsbuildInstallOptions
} from '../src/bundler/esbuild-install.js'
import { extractFromTgz } from '../src/bundler/tar.js'
import { systemClock } from '../src/util/clock.js'

const PLATFORM = 'linux-x64'
const BINARY = '#!/bin/sh\necho 0.27.3\n'

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
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '')
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
    ...overrides
  }
}

describe('installing esbuild on demand', () => {
  it('downloads the pinned package once, checks it, and keeps the binary in the tool cache', async () => {
    const tarball = packageTarball()
    served.set(TARBALL_PATH, tarball)
    const settings = options({ integrity: { [PLATFORM]: integrityOf(tarball) } })
    const before = requests.length
    const first = await installEsbuild(settings)
    expect(first.source).toBe('download')
    expect(first.downloadedBytes).toBe(tarball.length)
    expect(first.binary).toBe(
      join(settings.cacheDir, 'esbuild', ESBUILD_VERSION, PLATFORM, 'bin', 'esbuild')
    )
    expect(readFileSync(first.binary, 'utf8')).toBe(BINARY)
    expect(statSync(first.binary).mode & 0o111).not.toBe(0)
    expect(execFileSync(first.binary, { encoding: 'utf8' }).trim()).toBe(ESBUILD_VERSION)
    const second = await installEsbuild(settings)
    expect(second).toMatchObject({ source: 'tool cache', binary: first.binary, downloadedBytes: 0 })
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
    expect(() => statSync(join(settings.cacheDir, 'esbuild'))).toThrow()
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
    expect(found).toMatchObject({ source: 'project', binary: join(local, 'bin', 'esbuild') })
    expect(requests.length).toBe(before)
  })

  it('reads the binary out of a package tarball, and only what is asked for', () => {
    const real = packageTarball()
    expect(extractFromTgz(real, 'package/bin/esbuild')?.toString()).toBe(BINARY)
    expect(extractFromTgz(real, 'package/nope')).toBeUndefined()
  })
})
