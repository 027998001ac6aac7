// Builds the bundle: TypeScript to lib/, then ncc to dist/ (cleaned first, so a chunk that is
// no longer produced does not linger). `buildBundle(outDir)` is also what the end-to-end tests
// use to check that dist/ is what the sources build to.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)

/** Builds src/ into `outDir` (relative to the repository root). */
export function buildBundle(outDir = 'dist') {
  rmSync(join(root, 'lib'), { recursive: true, force: true })
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
  rmSync(resolve(root, outDir), { recursive: true, force: true })
  execFileSync(
    bin('ncc'),
    [
      'build',
      'lib/index.js',
      '--out',
      outDir,
      '--license',
      'licenses.txt',
      '--minify',
      '--target',
      'es2022',
      '--quiet'
    ],
    { cwd: root, stdio: 'inherit' }
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildBundle(process.argv[2] ?? 'dist')
