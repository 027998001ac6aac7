/**
 * A tool cache already holding esbuild, for tests: the binary this project installs as a
 * devDependency (the version the action pins), where the action would keep a downloaded one.
 * The download itself is tested on its own, against a local registry.
 */
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESBUILD_BINARY_SHA256, ESBUILD_VERSION } from '../../src/bundler/esbuild-install.js'
import { VerifiedBinary } from '../../src/bundler/verified-binary.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..')
let seeded: string | undefined

export function seededToolCache(): string {
  if (seeded) return seeded
  const platform = `${process.platform}-${process.arch}`
  const executable = process.platform === 'win32' ? 'esbuild.exe' : join('bin', 'esbuild')
  const source = join(ROOT, 'node_modules', '@esbuild', platform, executable)
  if (!existsSync(source))
    throw new Error(`esbuild ${ESBUILD_VERSION} is not installed: run npm ci`)
  const cache = mkdtempSync(join(tmpdir(), 'pages-pilot-tools-'))
  const toolDir = join(cache, 'esbuild', ESBUILD_VERSION, platform)
  mkdirSync(join(toolDir, process.platform === 'win32' ? '' : 'bin'), { recursive: true })
  symlinkSync(source, join(toolDir, executable))
  writeFileSync(`${toolDir}.complete`, '')
  seeded = cache
  return cache
}

/** The seeded esbuild, as the installer hands it out: checked against the published hash. */
export function seededEsbuild(): VerifiedBinary {
  const platform = `${process.platform}-${process.arch}`
  const executable = process.platform === 'win32' ? 'esbuild.exe' : join('bin', 'esbuild')
  const path = join(seededToolCache(), 'esbuild', ESBUILD_VERSION, platform, executable)
  return new VerifiedBinary(path, ESBUILD_BINARY_SHA256[platform] ?? '')
}
