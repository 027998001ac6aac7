/**
 * Which Node.js modules a Worker may import, by compatibility date and flags, and which imports
 * count: those linked before the Worker starts, as esbuild reads them.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import {
  checkNodeImports,
  nodeCompatMode,
  nodeModuleProblem,
  withNodeHints
} from '../src/fullstack/node-compat.js'
import { dynamicImports, loadTimeImports, staticImports } from '../src/fullstack/imports.js'
import type { WorkerModule } from '../src/fullstack/modules.js'
import { seededEsbuild } from './support/tool-cache.js'

const ESBUILD = seededEsbuild()

const esm = (source: string, name = 'index.js'): WorkerModule => ({
  name,
  type: 'esm',
  content: Buffer.from(source)
})
const problem = (specifiers: string[], date: string | undefined, flags: string[]) =>
  nodeModuleProblem(new Set(specifiers), { date, flags })

/** Runs the check as the build does, with esbuild reading the modules. */
async function check(modules: WorkerModule[], date: string, flags: string[]) {
  const warnings: string[] = []
  const [main, ...rest] = modules as [WorkerModule, ...WorkerModule[]]
  await checkNodeImports(
    modules,
    { date, flags },
    () => loadTimeImports(main, rest, ESBUILD, mkdtempSync(join(tmpdir(), 'nc-')), undefined),
    (message) => warnings.push(message)
  )
  return warnings
}

describe('the Node.js compatibility mode', () => {
  it('is v2 from 2024-09-23 or with nodejs_compat_v2, v1 before, als or none without', () => {
    expect(nodeCompatMode({ date: '2024-09-23', flags: ['nodejs_compat'] })).toBe('v2')
    expect(nodeCompatMode({ date: '2024-09-22', flags: ['nodejs_compat'] })).toBe('v1')
    expect(nodeCompatMode({ date: undefined, flags: ['nodejs_compat'] })).toBe('v1')
    expect(nodeCompatMode({ date: '2023-01-01', flags: ['nodejs_compat_v2'] })).toBe('v2')
    expect(nodeCompatMode({ date: '2025-01-01', flags: ['nodejs_als'] })).toBe('als')
    expect(nodeCompatMode({ date: '2025-01-01', flags: [] })).toBeNull()
  })
})

describe('the modules the runtime has', () => {
  it('with nodejs_compat, has its first modules at any date', () => {
    expect(
      problem(['node:buffer', 'node:crypto', 'node:process', 'zlib'], '2024-10-01', [
        'nodejs_compat'
      ])
    ).toBeUndefined()
  })

  it('gains the others by date, and the message names each with its date and flag', () => {
    expect(problem(['node:fs', 'os'], '2025-04-01', ['nodejs_compat'])).toContain(
      'does not have at compatibility date 2025-04-01: node:fs (from compatibility date 2025-09-15, or with the enable_nodejs_fs_module flag); node:os (from compatibility date 2025-09-15, or with the enable_nodejs_os_module flag)'
    )
    expect(problem(['node:http'], '2025-08-14', ['nodejs_compat'])).toContain('node:http')
    expect(problem(['node:http'], '2025-08-15', ['nodejs_compat'])).toBeUndefined()
  })

  it('follows the enable_ and disable_ flags', () => {
    expect(
      problem(['node:fs'], '2025-04-01', ['nodejs_compat', 'enable_nodejs_fs_module'])
    ).toBeUndefined()
    expect(
      problem(['node:fs'], '2025-10-01', ['nodejs_compat', 'disable_nodejs_fs_module'])
    ).toContain('node:fs')
  })

  it('has none without nodejs_compat (but async_hooks with nodejs_als), and v1 is left to the runtime', () => {
    expect(problem(['node:buffer'], '2025-10-01', [])).toContain(
      'the Worker imports node:buffer, which the Workers runtime provides only with the nodejs_compat compatibility flag.'
    )
    expect(problem(['node:async_hooks'], '2025-10-01', ['nodejs_als'])).toBeUndefined()
    expect(problem(['node:fs'], '2024-01-01', ['nodejs_compat'])).toBeUndefined()
    expect(
      problem(['./chunk.js', 'cloudflare:sockets', 'left-pad'], '2025-01-01', [])
    ).toBeUndefined()
  })
})

describe('imports a Worker makes', () => {
  it('are read from the text generously, minified forms and licence comments included', () => {
    const source = `/*! lic */import{readFileSync as a}from"node:fs";import x, { y } from 'node:os'
      export*from"node:http";export { z } from './z.js';import "node:vm"
      const later = import('node:child_process')`
    expect(staticImports(source).sort()).toEqual(
      ['./z.js', 'node:fs', 'node:http', 'node:os', 'node:vm'].sort()
    )
    expect(dynamicImports(source)).toEqual(['node:child_process'])
  })

  it('count, for the check, only what is linked before the Worker starts', async () => {
    const linked = await loadTimeImports(
      esm(`import { a } from './chunks/a.js'
        const help = "Try: import fs from 'node:fs'" // import os from 'node:os'
        export default { fetch: async () => new Response(a + (await import('./chunks/lazy.js')).b + help) }`),
      [
        esm(
          `import { Buffer } from 'node:buffer'\nexport const a = Buffer.from('a').toString()`,
          'chunks/a.js'
        ),
        esm(
          `import { readFileSync } from 'node:fs'\nexport const b = typeof readFileSync`,
          'chunks/lazy.js'
        )
      ],
      ESBUILD,
      mkdtempSync(join(tmpdir(), 'nc-')),
      undefined
    )
    expect([...(linked ?? [])]).toEqual(['node:buffer'])
  })
})

describe('checking a Worker', () => {
  it('does not hold an import in a string, a comment or a lazily loaded chunk against it', async () => {
    const warnings = await check(
      [
        esm(`const doc = \`
import { readFile } from "node:fs/promises"\`
          // import os from 'node:os'
          export default { fetch: async () => new Response(doc + (await import('./lazy.js')).x) }`),
        esm(
          `import { readFileSync } from 'node:fs'\nexport const x = typeof readFileSync`,
          'lazy.js'
        )
      ],
      '2025-04-01',
      ['nodejs_compat']
    )
    expect(warnings).toEqual([])
  })

  it('refuses a module the date lacks when the Worker links it, through its own modules too', async () => {
    await expect(
      check(
        [
          esm(`import { f } from './lib.js'\nexport default { fetch: () => new Response(f) }`),
          esm(`export { hostname as f } from 'node:os'`, 'lib.js')
        ],
        '2025-04-01',
        ['nodejs_compat']
      )
    ).rejects.toThrow('node:os (from compatibility date 2025-09-15')
  })

  it('only warns when esbuild cannot read the Worker', async () => {
    const warnings: string[] = []
    await checkNodeImports(
      [esm(`import fs from 'node:fs'`)],
      { date: '2025-04-01', flags: ['nodejs_compat'] },
      async () => undefined,
      (message) => warnings.push(message)
    )
    expect(warnings).toEqual([
      expect.stringContaining('node:fs (from compatibility date 2025-09-15')
    ])
    expect(warnings[0]).toContain('The Worker may not start.')
  })
})

describe('hints on build errors', () => {
  it("add wrangler's advice to an unresolved Node.js module, and leave other errors alone", () => {
    const errors = [
      { text: 'Could not resolve "fs"', file: 'a.js', line: 1, column: 1 },
      { text: 'Could not resolve "left-pad"' }
    ]
    expect(withNodeHints(errors, { date: '2025-01-01', flags: [] }).map((e) => e.text)).toEqual([
      'Could not resolve "fs" (a Node.js module: add the "nodejs_compat" compatibility flag to the wrangler configuration)',
      'Could not resolve "left-pad"'
    ])
    expect(
      withNodeHints(errors, { date: '2024-01-01', flags: ['nodejs_compat'] })[0]?.text
    ).toContain('import it as "node:…", or set compatibility_date to 2024-09-23 or later')
    expect(withNodeHints(errors, { date: '2025-01-01', flags: ['nodejs_compat'] })).toEqual(errors)
  })
})
