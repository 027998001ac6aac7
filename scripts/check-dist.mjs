// Fails when dist/ differs from what `npm run build` just produced from the sources, so that
// the bundle users run is always the one the sources describe.
import { execFileSync } from 'node:child_process'

const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist'], {
  encoding: 'utf8'
}).trim()
if (changed) {
  console.error('dist/ is not up to date with the sources. Run `npm run build` and commit dist/:')
  console.error(changed)
  console.error(execFileSync('git', ['diff', '--stat', '--', 'dist'], { encoding: 'utf8' }))
  process.exit(1)
}
console.log('dist/ matches the sources.')
