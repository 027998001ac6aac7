/**
 * Imports go one way, in src/ (the layers of CONTRIBUTING.md) and in every other folder of the
 * repository: a cycle ties files together so that neither can be understood, tested or moved
 * without the other. The check is the repository's own (support/import-cycles.ts), so that CI
 * runs it on a bare checkout.
 */
import { describe, expect, it } from '@jest/globals'
import { folderWith } from './support/folders.js'
import { importCycles, importGraph } from './support/import-cycles.js'
import { REPO_ROOT, sourceFilesIn, sourceFolders } from './support/source-files.js'

describe('import cycles', () => {
  it('there is none among the files of src/, emulator/ and the other TypeScript folders', () => {
    const folders = sourceFolders()
    expect(folders.map((folder) => folder.slice(REPO_ROOT.length + 1))).toEqual(
      expect.arrayContaining(['src', 'emulator', '__tests__', 'scripts', 'bench'])
    )
    const files = sourceFilesIn(folders)
    expect(importCycles(importGraph(files))).toEqual([])
  })

  it('names each cycle of a folder that has one, type-only imports and re-exports included', () => {
    const root = folderWith(
      {
        'a.ts': "export { b } from './b.js'\nexport const a = 1\n",
        'b.ts': "import type { C } from './sub/c.js'\nexport const b: C = 2\n",
        'sub/c.ts': "export type C = typeof import('../a.js').a\n",
        // Imports a, but nothing imports d: not part of the cycle.
        'd.ts':
          "import { a } from './a.js'\nimport { readFileSync } from 'node:fs'\nexport const d = [a, readFileSync]\n",
        // A knot of three: e → f → e, and f → g → e.
        'e.ts': "import { f } from './f.js'\nexport const e = () => f\n",
        'f.ts':
          "import { e } from './e.js'\nimport { g } from './g.js'\nexport const f = () => [e, g]\n",
        'g.ts': "export const g = async () => (await import('./e.js')).e\n",
        'self.mjs': "import { self } from './self.mjs'\nexport const again = self\n"
      },
      'cycle'
    )
    const files = sourceFilesIn([root])
    expect(importCycles(importGraph(files), root)).toEqual([
      'a.ts → b.ts → sub/c.ts → a.ts',
      'e.ts → f.ts → e.ts (in one knot with g.ts)',
      'self.mjs → self.mjs'
    ])
  })
})
