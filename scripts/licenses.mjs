// Writes a bundle's licenses.txt from what the bundle really holds: every package whose code
// webpack put into it (read from ncc's webpack stats), with its version, license and the license
// text it ships. ncc's own --license list misses packages whose license it cannot match (it
// left out @actions/core, undici and tunnel), so the list is made here.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The package folders (relative to the repository) that the modules of `stats` come from. */
function bundledPackageDirs(stats) {
  const dirs = new Set()
  const visit = (modules) => {
    for (const module of modules ?? []) {
      const name = module.name ?? module.identifier ?? ''
      const match = /^(?:\.\/)?((?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(
        name.replace(/^.*?\.\/node_modules\//, './node_modules/').replace(/\s.*$/, '')
      )
      if (match?.[1]) dirs.add(match[1])
      visit(module.modules)
    }
  }
  visit(stats.modules)
  for (const chunk of stats.chunks ?? []) visit(chunk.modules)
  return [...dirs]
}

function licenseText(dir) {
  const file = readdirSync(dir).find((name) => /^licen[cs]e(\.(md|txt))?$/i.test(name))
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined
}

/**
 * Writes `outFile` for the bundle whose webpack stats (as JSON) are `stats`; `root` is the repo.
 * `shipped` are package folders whose files dist/ holds beside the bundle (tunnel.cjs).
 */
export function writeLicenses(stats, outFile, root, shipped = []) {
  const entries = new Map()
  for (const dir of [...bundledPackageDirs(stats), ...shipped]) {
    const path = join(root, dir)
    if (!existsSync(join(path, 'package.json'))) continue
    const pkg = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'))
    const key = `${pkg.name}\u0000${pkg.version}`
    if (entries.has(key)) continue
    const license = typeof pkg.license === 'string' ? pkg.license : 'UNKNOWN'
    const text =
      licenseText(path) ?? `(the package ships no license file; its package.json says ${license})`
    entries.set(key, `${pkg.name} ${pkg.version}\n${license}\n${text}\n`)
  }
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v)
  writeFileSync(outFile, sorted.join('\n'))
  return [...entries.keys()].sort().map((key) => key.replace('\u0000', '@'))
}
