/**
 * A comment that cites a file of the repository (`docs/behaviour.md`, `src/…`, `emulator/…`)
 * must name one that exists: a reader who follows it finds the reason it promises, not nothing.
 * What a comment needs from elsewhere it says in place, or cites a file that is committed.
 */
import { describe, expect, it } from '@jest/globals'
import { missingCitations } from './support/comment-citations.js'
import { folderWith } from './support/folders.js'
import { REPO_ROOT, sourceFilesIn, sourceFolders } from './support/source-files.js'

describe('paths cited in comments', () => {
  it('name files of the repository, in src/, emulator/, scripts/, bench/ and __tests__/', () => {
    expect(missingCitations(sourceFilesIn(sourceFolders()), REPO_ROOT)).toEqual([])
  })

  it('are found in every kind of comment, and only in comments', () => {
    const root = folderWith(
      {
        '.gitignore': 'node_modules/\n.cache/\n',
        'docs/guide.md': '# Guide\n',
        'harness/run.ts': 'export {}\n',
        'src/here.ts': 'export const here = 1\n',
        'src/gone.ts': [
          '/**',
          ' * Spec: notes/design.md section 2; see docs/guide.md, harness/run and src/*.ts.',
          ' */',
          "export const cited = 'src/in-a-string.ts' // src/here.ts, src/missing.ts.",
          'export const pattern = /\\/\\/ docs\\/not-a-comment.md/',
          'export const text = `${cited /* docs/inside.md */}// src/template.ts`',
          '// Other repositories: packages/wrangler/src/index.ts, cloudflare-typescript/src/x.ts,',
          '// ../src/outside.ts, .cache/data.json, https://example.com/src/page.ts.',
          ''
        ].join('\n')
      },
      'citations'
    )
    expect(missingCitations(sourceFilesIn([`${root}/src`]), root)).toEqual([
      'src/gone.ts:2 cites notes/design.md, which is not in the repository',
      'src/gone.ts:4 cites src/missing.ts, which is not in the repository',
      'src/gone.ts:6 cites docs/inside.md, which is not in the repository'
    ])
  })
})
