// Builds dist/: the command line's flags from action.yml, TypeScript to lib/, then one ncc build
// that both entry points share. dist/ is cleaned first, so that a chunk that is no longer
// produced does not linger. `buildBundle(outDir)` is also what the end-to-end tests use to check
// that dist/ is what the sources build to.
//
// The layout (CONTRIBUTING.md, "The bundle"):
//   dist/index.js        the action's entry: signal handlers, then `import('./bundle.js')`
//   dist/cli/index.js    the command's entry, the same way (`import('../bundle.js')`)
//   dist/bundle.js       ncc's build of src/bundle.ts: loadAction() and loadCli()
//   dist/<n>.index.js    the chunks both load on demand, shared
//   dist/undici.js       the stand-ins of src/shims/: undici, @actions/exec, tunnel
//   dist/exec.js
//   dist/tunnel.js       (tunnel's stand-in loads the real tunnel, dist/tunnel.cjs, on a proxy)
//   dist/licenses.txt    every package the chunks hold
// The entries are tsc's output as is: a few lines each, so a signal is handled from the start.
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { writeLicenses } from './licenses.mjs'

const require = createRequire(import.meta.url)

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)

/**
 * Packages the bundle takes from a file of dist/ instead of bundling them, with the source
 * that file is compiled from (each shim's header says why). `ships` is a file of the package
 * copied beside it as is, which the stand-in loads when it is really needed.
 */
const STAND_INS = {
  undici: { file: 'undici.js', source: 'shims/undici.js' },
  '@actions/exec': { file: 'exec.js', source: 'shims/actions-exec.js' },
  tunnel: {
    file: 'tunnel.js',
    source: 'shims/tunnel.js',
    ships: { from: 'node_modules/tunnel/lib/tunnel.js', to: 'tunnel.cjs' }
  }
}

/** Builds src/ into `outDir` (relative to the repository root). */
export async function buildBundle(outDir = 'dist') {
  execFileSync(process.execPath, [join(root, 'scripts', 'cli-flags.mjs')], {
    cwd: root,
    stdio: 'inherit'
  })
  const lib = join(root, 'lib')
  rmSync(lib, { recursive: true, force: true })
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
  const out = resolve(root, outDir)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(join(out, 'cli'), { recursive: true })

  const ncc = require('@vercel/ncc')
  const externals = Object.fromEntries(
    Object.entries(STAND_INS).map(([name, { file }]) => [name, `./${file}`])
  )
  const { code, assets, stats } = await ncc(join(lib, 'bundle.js'), {
    minify: true,
    target: 'es2022',
    externals,
    quiet: true,
    sourceMap: false
  })
  write(join(out, 'bundle.js'), code)
  for (const [name, asset] of Object.entries(assets)) {
    if (name === 'package.json') continue
    write(join(out, name), asset.source)
  }
  for (const { file, source, ships } of Object.values(STAND_INS)) {
    copyFileSync(join(lib, source), join(out, file))
    if (ships) copyFileSync(join(root, ships.from), join(out, ships.to))
  }
  // Node reads dist/ as ES modules: the entries are tsc's output, the chunks ncc's.
  write(join(out, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`)
  copyFileSync(join(lib, 'index.js'), join(out, 'index.js'))
  // npm links the bin as is: it must start with its interpreter line and be executable.
  const cli = join(out, 'cli', 'index.js')
  const cliCode = readFileSync(join(lib, 'cli', 'index.js'), 'utf8')
  write(cli, cliCode.startsWith('#!') ? cliCode : `#!/usr/bin/env node\n${cliCode}`)
  chmodSync(cli, 0o755)

  writeLicenses(
    stats.toJson({ modules: true, chunks: true, chunkModules: true }),
    join(out, 'licenses.txt'),
    root,
    Object.values(STAND_INS).flatMap(({ ships }) => (ships ? [packageDirOf(ships.from)] : []))
  )
  minifyChunks(out, Object.keys(assets))
}

/** `node_modules/tunnel/lib/tunnel.js` → `node_modules/tunnel`. */
function packageDirOf(file) {
  return /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)[1]
}

function write(path, content) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBundle(process.argv[2] ?? 'dist')

/**
 * ncc minifies the file it builds, not the chunks it splits off for dynamic imports; since
 * both entries load everything through dynamic imports, the chunks are what starts up: esbuild
 * minifies them.
 */
function minifyChunks(dir, names) {
  const { transformSync } = require('esbuild')
  for (const name of names.filter((file) => /^\d+\.index\.js$/.test(file))) {
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
