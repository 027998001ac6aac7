/**
 * The import graph of a set of source files and the cycles in it. Every way a file can name
 * another counts, type-only ones included, since they tie the two files' designs together just
 * the same: `import`, `import type`, `export … from`, `import()` (as a call or in a type),
 * `require()`, `import x = require()`, and in JavaScript files the JSDoc `import()` types and
 * `@import` tags. Paths are resolved by the compiler as `tsc` resolves them (NodeNext, so
 * `./x.js` names `x.ts`); imports of packages and of files outside the set are left out.
 */
import ts from 'typescript'
import { isJavaScript, parseSource, shownPath } from './source-files.js'

/** Each file (absolute path) with the files of the set it imports. */
export type ImportGraph = ReadonlyMap<string, ReadonlySet<string>>

const RESOLUTION: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowJs: true
}

/** The graph of `files`: which of them each one imports. */
export function importGraph(files: readonly string[]): ImportGraph {
  const known = new Set(files)
  const cache = ts.createModuleResolutionCache(
    ts.sys.getCurrentDirectory(),
    (name) => name,
    RESOLUTION
  )
  const graph = new Map<string, Set<string>>()
  for (const file of files) {
    const mode = /\.c[jt]s$/.test(file) ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext
    const targets = new Set<string>()
    // A bare name is a package: the repository maps no name of its own (no `imports` in
    // package.json, no `paths` in tsconfig.json), and looking packages up is slow.
    const paths = moduleSpecifiers(parseSource(file)).filter((name) => /^\.{0,2}\//.test(name))
    for (const specifier of paths) {
      const resolved = ts.resolveModuleName(
        specifier,
        file,
        RESOLUTION,
        ts.sys,
        cache,
        undefined,
        mode
      )
      const target = resolved.resolvedModule?.resolvedFileName
      if (target !== undefined && known.has(target)) targets.add(target)
    }
    graph.set(file, targets)
  }
  return graph
}

/** The module names a file writes, in every form listed above, as written. */
export function moduleSpecifiers(source: ts.SourceFile): string[] {
  const specifiers: string[] = []
  const literal = (node: ts.Node | undefined): void => {
    if (node !== undefined && ts.isStringLiteralLike(node)) specifiers.push(node.text)
  }
  const javascript = isJavaScript(source.fileName)
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier)
    else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    )
      literal(node.moduleReference.expression)
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      literal(node.argument.literal)
    else if (ts.isJSDocImportTag(node)) literal(node.moduleSpecifier)
    else if (ts.isCallExpression(node) && isImportOrRequire(node.expression))
      literal(node.arguments[0])
    // A JSDoc comment belongs to the node after it; its own nodes carry the JSDoc flag.
    if (javascript && (node.flags & ts.NodeFlags.JSDoc) === 0)
      for (const doc of ts.getJSDocCommentsAndTags(node)) ts.forEachChild(doc, visit)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specifiers
}

function isImportOrRequire(callee: ts.Expression): boolean {
  return (
    callee.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(callee) && callee.text === 'require')
  )
}

/**
 * One line naming each cycle, `a.ts → b.ts → a.ts`, with paths relative to `root`.
 * Files tied in one knot (a strongly connected component) give one line: the shortest cycle
 * through the first of them, followed by the others of the knot when the cycle misses some.
 */
export function importCycles(graph: ImportGraph, root?: string): string[] {
  const show = (file: string): string => shownPath(file, root)
  return knots(graph).map((knot) => {
    const cycle = shortestCycle(graph, knot)
    const missed = knot.filter((file) => !cycle.includes(file))
    const line = [...cycle, cycle[0] ?? ''].map(show).join(' → ')
    return missed.length === 0 ? line : `${line} (in one knot with ${missed.map(show).join(', ')})`
  })
}

/** Tarjan's strongly connected components with a cycle: two files or more, or a self-import. */
function knots(graph: ImportGraph): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (file: string): void => {
    index.set(file, index.size)
    low.set(file, index.get(file) ?? 0)
    stack.push(file)
    onStack.add(file)
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target)
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0))
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0))
      }
    }
    if (low.get(file) !== index.get(file)) return
    const knot: string[] = []
    let member: string | undefined
    do {
      member = stack.pop()
      if (member === undefined) break
      onStack.delete(member)
      knot.push(member)
    } while (member !== file)
    if (knot.length > 1 || graph.get(file)?.has(file)) found.push(knot.sort())
  }
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file)
  return found.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''))
}

/** The shortest path from the knot's first file back to itself, within the knot (breadth first). */
function shortestCycle(graph: ImportGraph, knot: readonly string[]): string[] {
  const start = knot[0] ?? ''
  const inKnot = new Set(knot)
  const cameFrom = new Map<string, string>()
  const queue = [start]
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const target of graph.get(next) ?? []) {
      if (target === start) {
        const path = [next]
        for (let step = cameFrom.get(next); step !== undefined; step = cameFrom.get(step))
          path.unshift(step)
        return path
      }
      if (inKnot.has(target) && !cameFrom.has(target) && target !== start) {
        cameFrom.set(target, next)
        queue.push(target)
      }
    }
  }
  return [start]
}
