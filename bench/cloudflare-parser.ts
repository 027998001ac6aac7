/**
 * Cloudflare's own `_redirects` and `_headers` parser, for the conformance test: the TypeScript
 * source that `@cloudflare/pages-shared` published on npm (metadata-generator/parseRedirects.ts
 * and parseHeaders.ts), fetched on demand with `npm pack` into the git-ignored
 * `.bench/pages-shared` (never a dependency, never committed) and compiled with esbuild.
 *
 * 0.13.0 is the last release on npm that ships the parser (its source is the same as the
 * repository's last before workers-sdk #8390 moved it into
 * `@cloudflare/workers-shared`, which is not published with it). Its rules are those of the
 * current source (packages/workers-shared/utils/configuration/) but for the four additions
 * the conformance test lists as known differences.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
export const PAGES_SHARED_VERSION = '0.13.0'
const PREFIX = join(ROOT, '.bench', 'pages-shared')
const SOURCE = join(PREFIX, 'package', 'metadata-generator')
const BUNDLE = join(PREFIX, `parser-${PAGES_SHARED_VERSION}.mjs`)

export interface CloudflareRedirects {
  rules: Array<{ from: string; to: string; status: number; lineNumber: number }>
  invalid: Array<{ line?: string; lineNumber?: number; message: string }>
}
export interface CloudflareHeaders {
  rules: Array<{ path: string; headers: Record<string, string>; unsetHeaders: string[] }>
  invalid: Array<{ line?: string; lineNumber?: number; message: string }>
}
export interface CloudflareParser {
  parseRedirects(input: string): CloudflareRedirects
  parseHeaders(input: string): CloudflareHeaders
}

function run(command: string, args: string[], cwd: string): Promise<number | null> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' })
    child.on('error', reject)
    child.on('close', done)
  })
}

/** Fetches (once) and loads Cloudflare's parser; throws when the registry cannot be reached. */
export async function loadCloudflareParser(): Promise<CloudflareParser> {
  if (!existsSync(BUNDLE)) {
    if (!existsSync(join(SOURCE, 'parseRedirects.ts'))) {
      mkdirSync(PREFIX, { recursive: true })
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
      console.log(`Fetching @cloudflare/pages-shared@${PAGES_SHARED_VERSION} into ${PREFIX} ...`)
      // npm pack checks the tarball against the registry's integrity; nothing is installed.
      const packed = await run(
        npm,
        ['pack', `@cloudflare/pages-shared@${PAGES_SHARED_VERSION}`, '--silent'],
        PREFIX
      )
      const tarball = readdirSync(PREFIX).find((f) => f.endsWith(`-${PAGES_SHARED_VERSION}.tgz`))
      if (packed !== 0 || !tarball) throw new Error('npm pack @cloudflare/pages-shared failed')
      const untarred = await run('tar', ['xzf', tarball], PREFIX)
      if (untarred !== 0) throw new Error(`could not unpack ${tarball}`)
    }
    await build({
      stdin: {
        contents: [
          `export { parseRedirects } from './parseRedirects'`,
          `export { parseHeaders } from './parseHeaders'`
        ].join('\n'),
        resolveDir: SOURCE,
        loader: 'ts'
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: BUNDLE,
      tsconfigRaw: {},
      logLevel: 'warning'
    })
  }
  return (await import(pathToFileURL(BUNDLE).href)) as CloudflareParser
}
