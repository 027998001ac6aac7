// Builds the bundles: the command line's flags from action.yml, TypeScript to lib/, then ncc to
// dist/ (the action) and dist/cli/ (the `pages-pilot` command), cleaned first so that a chunk
// that is no longer produced does not linger. `buildBundle(outDir)` is also what the end-to-end tests
// use to check that dist/ is what the sources build to.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { writeLicenses } from './licenses.mjs'

const require = createRequire(import.meta.url)

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)

/** Builds src/ into `outDir` (relative to the repository root). */
export function buildBundle(outDir = 'dist') {
  execFileSync(process.execPath, [join(root, 'scripts', 'cli-flags.mjs')], {
    cwd: root,
    stdio: 'inherit'
  })
  rmSync(join(root, 'lib'), { recursive: true, force: true })
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
  rmSync(resolve(root, outDir), { recursive: true, force: true })
  ncc('lib/index.js', outDir)
  const cliDir = join(outDir, 'cli')
  ncc('lib/cli/index.js', cliDir)
  // npm links the bin as is: it must start with its interpreter line and be executable.
  const cli = resolve(root, cliDir, 'index.js')
  const code = readFileSync(cli, 'utf8')
  if (!code.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${code}`)
  chmodSync(cli, 0o755)
}

function ncc(entry, outDir) {
  const scratch = mkdtempSync(join(tmpdir(), 'pages-pilot-build-'))
  const stats = join(scratch, 'stats.json')
  try {
    execFileSync(
      bin('ncc'),
      [
        'build',
        entry,
        '--out',
        outDir,
        '--stats-out',
        stats,
        '--minify',
        '--target',
        'es2022',
        '--quiet'
      ],
      { cwd: root, stdio: 'inherit' }
    )
    writeLicenses(stats, resolve(root, outDir, 'licenses.txt'), root)
    minifyChunks(resolve(root, outDir))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildBundle(process.argv[2] ?? 'dist')

/**
 * ncc minifies the entry file only; the chunks it splits off for dynamic imports are left as
 * they are. Since the entry loads the action itself with a dynamic import (so that its signal
 * handlers come first), the chunks are most of what starts up: esbuild minifies them.
 */
function minifyChunks(dir) {
  const { transformSync } = require('esbuild')
  for (const name of readdirSync(dir).filter((file) => /^\d+\.index\.js$/.test(file))) {
    const path = join(dir, name)
    const { code } = transformSync(readFileSync(path, 'utf8'), {
      minify: true,
      format: 'esm',
      target: 'es2022',
      // The licenses are in licenses.txt, read from the packages themselves.
      legalComments: 'none'
    })
    writeFileSync(path, code)
  }
}
