/** Which Node.js modules a Worker may import, by compatibility date and flags. */
import { describe, expect, it } from '@jest/globals'
import { checkNodeImports, nodeCompatMode, withNodeHints } from '../src/fullstack/node-compat.js'
import { dynamicImports, staticImports } from '../src/fullstack/imports.js'
import type { WorkerModule } from '../src/fullstack/modules.js'

const esm = (source: string): WorkerModule => ({
  name: 'index.js',
  type: 'esm',
  content: Buffer.from(source)
})
const check = (source: string, date: string | undefined, flags: string[]) => () =>
  checkNodeImports([esm(source)], { date, flags })

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

describe('imports a Worker makes', () => {
  it('are read in the forms esbuild and people write, minified ones included', () => {
    const source = `import{readFileSync as a}from"node:fs";import x, { y } from 'node:os'
      export*from"node:http";export { z } from './z.js';import "node:vm"
      const later = import('node:child_process')`
    expect(staticImports(source).sort()).toEqual(
      ['./z.js', 'node:fs', 'node:http', 'node:os', 'node:vm'].sort()
    )
    expect(dynamicImports(source)).toEqual(['node:child_process'])
  })
})

describe('checking the Node.js modules of a Worker', () => {
  it('lets through the modules workerd has at any date with nodejs_compat', () => {
    expect(
      check(
        `import{Buffer}from"node:buffer";import"node:crypto";import"node:process"`,
        '2024-10-01',
        ['nodejs_compat']
      )
    ).not.toThrow()
  })

  it('refuses a module before the date that brings it, naming the date and the flag', () => {
    expect(
      check(`import fs from "node:fs";import os from "node:os"`, '2025-04-01', ['nodejs_compat'])
    ).toThrow(
      'node:fs (from compatibility date 2025-09-15, or with the enable_nodejs_fs_module flag); node:os (from compatibility date 2025-09-15, or with the enable_nodejs_os_module flag)'
    )
    expect(check(`import "node:http"`, '2025-08-14', ['nodejs_compat'])).toThrow('node:http')
    expect(check(`import "node:http"`, '2025-08-15', ['nodejs_compat'])).not.toThrow()
  })

  it('follows the enable_ and disable_ flags', () => {
    expect(
      check(`import "node:fs"`, '2025-04-01', ['nodejs_compat', 'enable_nodejs_fs_module'])
    ).not.toThrow()
    expect(
      check(`import "node:fs"`, '2025-10-01', ['nodejs_compat', 'disable_nodejs_fs_module'])
    ).toThrow('node:fs')
  })

  it('asks for nodejs_compat when a Worker without it imports a node: module (async_hooks is nodejs_als)', () => {
    expect(check(`import "node:buffer"`, '2025-10-01', [])).toThrow(
      'the Worker imports node:buffer, which the Workers runtime provides only with the nodejs_compat compatibility flag.'
    )
    expect(check(`import "node:async_hooks"`, '2025-10-01', ['nodejs_als'])).not.toThrow()
  })

  it('leaves dynamic imports and v1 Workers to the runtime, and reads only ES modules', () => {
    expect(
      check(`const fs = await import("node:fs")`, '2025-04-01', ['nodejs_compat'])
    ).not.toThrow()
    expect(check(`import "node:fs"`, '2024-01-01', ['nodejs_compat'])).not.toThrow()
    expect(() =>
      checkNodeImports(
        [{ name: 'a.txt', type: 'text', content: Buffer.from('import "node:fs"') }],
        {
          date: '2025-01-01',
          flags: ['nodejs_compat']
        }
      )
    ).not.toThrow()
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
