/**
 * The repository's own source files, parsed by the TypeScript compiler, for the tests that read
 * the code itself (import cycles, comment citations). JavaScript files (scripts/*.mjs, a .cjs
 * transform) are parsed too: the compiler reads their imports and comments the same way.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** The repository's root folder. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

const SOURCE_EXTENSION = /\.[cm]?[jt]s$/

/** The folders `tsconfig.json` includes: every folder of the repository that holds TypeScript. */
export function sourceFolders(root: string = REPO_ROOT): string[] {
  const { config, error } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile)
  if (error !== undefined || !Array.isArray(config?.include)) {
    throw new Error(`${join(root, 'tsconfig.json')} has no "include" list of folders`)
  }
  return (config.include as string[]).map((folder) => join(root, folder))
}

/** Every source file under `folders` (absolute paths, sorted), node_modules left out. */
export function sourceFilesIn(folders: readonly string[]): string[] {
  const files: string[] = []
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path)
      } else if (SOURCE_EXTENSION.test(entry.name)) {
        files.push(path)
      }
    }
  }
  for (const folder of folders) walk(folder)
  return files.sort()
}

/** Whether the file is JavaScript (its JSDoc types are then part of its code). */
export function isJavaScript(path: string): boolean {
  return /\.[cm]?js$/.test(path)
}

/**
 * One file's syntax tree. JSDoc is parsed (with the parent links its walk needs) only in
 * JavaScript, the one place where it means code; in TypeScript it is left as plain comments.
 */
export function parseSource(path: string): ts.SourceFile {
  const javascript = isJavaScript(path)
  return ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    {
      languageVersion: ts.ScriptTarget.Latest,
      jsDocParsingMode: javascript ? ts.JSDocParsingMode.ParseAll : ts.JSDocParsingMode.ParseNone
    },
    javascript,
    javascript ? ts.ScriptKind.JS : ts.ScriptKind.TS
  )
}

/** `path` relative to `root`, with forward slashes, as messages show it. */
export function shownPath(path: string, root: string = REPO_ROOT): string {
  return relative(root, path).split(sep).join('/')
}
