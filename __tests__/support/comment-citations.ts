/**
 * Paths that the code's comments cite, and whether the files they name exist. A citation is a
 * path in a comment whose first folder is a folder of the repository (`src/…`, `docs/…`,
 * `emulator/…`, `dist/…`; not a git-ignored one such as `.bench`) or the `notes` folder, where
 * comments once pointed at design notes kept outside the repository. Paths in other
 * repositories are written from their own root (`packages/wrangler/src/…`,
 * `cloudflare-typescript/src/…`) and are not citations; neither is text in strings. A citation
 * may name a module without its extension (`harness/run-action`) or end in a wildcard
 * (`scripts/*.mjs`: its folder must exist).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { parseSource, shownPath } from './source-files.js'

/** One comment of a file: its text and where it starts. */
export interface Comment {
  text: string
  pos: number
}

/**
 * Every comment of the file, JSDoc included, in file order. The scanner reads the text as the
 * parser does: where the tree has a regular expression or the rest of a template after `${…}`,
 * it is told to read one, so a `//` inside either is not taken for a comment.
 */
export function commentsOf(source: ts.SourceFile): Comment[] {
  const regexps = new Set<number>()
  const templateRests = new Set<number>()
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) regexps.add(node.getStart(source))
    else if (ts.isTemplateMiddle(node) || ts.isTemplateTail(node))
      templateRests.add(node.getStart(source))
    ts.forEachChild(node, visit)
  }
  visit(source)

  const text = source.getFullText()
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text)
  const comments: Comment[] = []
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenStart()
    if (
      kind === ts.SyntaxKind.SingleLineCommentTrivia ||
      kind === ts.SyntaxKind.MultiLineCommentTrivia
    ) {
      comments.push({ text: scanner.getTokenText(), pos: start })
    } else if (regexps.has(start)) {
      scanner.reScanSlashToken()
    } else if (templateRests.has(start)) {
      scanner.reScanTemplateToken(false)
    }
  }
  return comments
}

/** The folders a citation may start with: the repository's (less the ignored ones) and `notes`. */
export function citedRoots(root: string): string[] {
  const ignored = readFileSync(join(root, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim().replace(/^\/|\/$/g, ''))
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !['.git', ...ignored].includes(entry.name))
    .map((entry) => entry.name)
  return [...new Set([...folders, 'notes'])].sort()
}

/** The paths `text` cites under `roots`, each with its offset in `text`. */
export function citationsIn(
  text: string,
  roots: readonly string[]
): Array<{ path: string; index: number }> {
  const names = roots.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
  // Not after a path character: `../notes/x.md` and `other-repo/src/x.ts` are not ours.
  const citation = new RegExp(`(?<![\\w.@/~-])(?:${names})/[\\w.@/*<>{}\\[\\]-]*`, 'g')
  return [...text.matchAll(citation)].map((match) => ({
    // A sentence's full stop is not part of the path.
    path: match[0].replace(/\.+$/, ''),
    index: match.index
  }))
}

/** Whether a cited path names a file or folder of `root`: a wildcard's folder, a module's file. */
export function citationExists(root: string, path: string): boolean {
  const segments = path.split('/')
  const fixed = segments.findIndex((segment) => /[*<>{}]/.test(segment))
  const named = fixed === -1 ? path : segments.slice(0, fixed).join('/')
  return existsSync(join(root, named)) || existsSync(join(root, `${named}.ts`))
}

/** `file:line cites path, …` for each citation in a comment of `files` that names nothing. */
export function missingCitations(files: readonly string[], root: string): string[] {
  const roots = citedRoots(root)
  const missing: string[] = []
  for (const file of files) {
    const source = parseSource(file)
    for (const comment of commentsOf(source)) {
      for (const { path, index } of citationsIn(comment.text, roots)) {
        if (citationExists(root, path)) continue
        const line = source.getLineAndCharacterOfPosition(comment.pos + index).line + 1
        missing.push(
          `${shownPath(file, root)}:${line} cites ${path}, which is not in the repository`
        )
      }
    }
  }
  return missing
}
