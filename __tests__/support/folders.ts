/** Folders of files for tests: a site to deploy, a project with Functions, a monorepo. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** Writes `files` (relative path → content) into a fresh folder named after `label`; returns it. */
export function folderWith(files: Record<string, string | Buffer>, label = 'site'): string {
  const root = mkdtempSync(join(tmpdir(), `pages-pilot-${label}-`))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}
