/**
 * The modules an ES module imports, read from its text: `import … from '…'`, `export … from
 * '…'`, `import '…'` and `import('…')` with a literal. A scan, not a parse: enough for the checks
 * that run on a built Worker, whose imports esbuild writes in these forms.
 */

/** Specifiers imported at load time: a missing one stops the Worker from starting. */
export function staticImports(source: string): string[] {
  return [
    ...source.matchAll(/(?:^|[;\s}])(?:import|export)\s*[^;'"`()]*?from\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/(?:^|[;\s}])import\s*['"]([^'"]+)['"]/g)
  ].map((match) => match[1] ?? '')
}

/** Specifiers of `import('…')` calls with a literal: loaded when reached. */
export function dynamicImports(source: string): string[] {
  return [...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? '')
}
