/**
 * Node.js modules in a Worker. With `nodejs_compat`, workerd provides Node's modules itself, more
 * of them with each compatibility date (wrangler's unenv preset says which, by date and flag).
 * wrangler puts a stand-in from unenv where workerd has none; pages-pilot does not, so a Worker
 * that imports a module its compatibility date lacks would not start. That is refused before the
 * upload, naming the module and the date (or flag) that brings it. Build errors for a Node
 * module that could not be resolved get wrangler's hint about the flag.
 */
import { builtinModules } from 'node:module'
import type { BuildMessage } from '../bundler/esbuild.js'
import type { CompatSettings } from './esbuild-flags.js'
import { staticImports } from './imports.js'
import type { WorkerModule } from './modules.js'

/** How the runtime treats Node.js: as miniflare's `getNodeCompat` decides it. */
export type NodeCompatMode = 'v2' | 'v1' | 'als' | null

/** `nodejs_compat` from 2024-09-23 (or `nodejs_compat_v2`) is v2; before that, v1. */
export function nodeCompatMode(compat: CompatSettings): NodeCompatMode {
  const flags = new Set(compat.flags)
  if (flags.has('nodejs_compat_v2')) return 'v2'
  if (flags.has('nodejs_compat')) return (compat.date ?? '2000-01-01') >= '2024-09-23' ? 'v2' : 'v1'
  if (flags.has('nodejs_als')) return 'als'
  return null
}

/** Modules workerd has under v2 whatever the date. */
const ALWAYS = new Set([
  'assert',
  'assert/strict',
  'async_hooks',
  'buffer',
  'constants',
  'crypto',
  'diagnostics_channel',
  'dns',
  'dns/promises',
  'events',
  'module',
  'net',
  'path',
  'path/posix',
  'path/win32',
  'process',
  'querystring',
  'stream',
  'stream/consumers',
  'stream/promises',
  'stream/web',
  'string_decoder',
  'sys',
  'timers',
  'timers/promises',
  'tls',
  'url',
  'util',
  'util/types',
  'zlib',
  '_stream_duplex',
  '_stream_passthrough',
  '_stream_readable',
  '_stream_transform',
  '_stream_writable',
  '_tls_common',
  '_tls_wrap'
])

/** Modules workerd gained later: from `date`, or earlier with `enable_<flag>`. */
const LATER: ReadonlyArray<{ modules: string[]; date: string; flag: string }> = [
  {
    modules: ['http', 'https', '_http_agent', '_http_client', '_http_common', '_http_incoming'],
    date: '2025-08-15',
    flag: 'nodejs_http_modules'
  },
  { modules: ['_http_outgoing'], date: '2025-08-15', flag: 'nodejs_http_modules' },
  { modules: ['_http_server'], date: '2025-09-01', flag: 'nodejs_http_server_modules' },
  { modules: ['http2'], date: '2025-09-01', flag: 'nodejs_http2_module' },
  { modules: ['os'], date: '2025-09-15', flag: 'nodejs_os_module' },
  { modules: ['fs', 'fs/promises'], date: '2025-09-15', flag: 'nodejs_fs_module' },
  { modules: ['console'], date: '2025-09-21', flag: 'nodejs_console_module' },
  { modules: ['vm'], date: '2025-10-01', flag: 'nodejs_vm_module' },
  { modules: ['punycode'], date: '2025-12-04', flag: 'nodejs_punycode_module' },
  { modules: ['cluster'], date: '2025-12-04', flag: 'nodejs_cluster_module' },
  { modules: ['trace_events'], date: '2025-12-04', flag: 'nodejs_trace_events_module' },
  { modules: ['domain'], date: '2025-12-04', flag: 'nodejs_domain_module' },
  { modules: ['wasi'], date: '2025-12-04', flag: 'nodejs_wasi_module' },
  {
    modules: ['inspector', 'inspector/promises'],
    date: '2026-01-29',
    flag: 'nodejs_inspector_module'
  },
  { modules: ['sqlite'], date: '2026-01-29', flag: 'nodejs_sqlite_module' },
  { modules: ['dgram'], date: '2026-01-29', flag: 'nodejs_dgram_module' },
  { modules: ['_stream_wrap'], date: '2026-01-29', flag: 'nodejs_stream_wrap_module' },
  { modules: ['repl'], date: '2026-03-17', flag: 'nodejs_repl_module' },
  { modules: ['v8'], date: '2026-03-17', flag: 'nodejs_v8_module' },
  { modules: ['tty'], date: '2026-03-17', flag: 'nodejs_tty_module' },
  { modules: ['child_process'], date: '2026-03-17', flag: 'nodejs_child_process_module' },
  { modules: ['worker_threads'], date: '2026-03-17', flag: 'nodejs_worker_threads_module' },
  {
    modules: ['readline', 'readline/promises'],
    date: '2026-03-17',
    flag: 'nodejs_readline_module'
  },
  { modules: ['perf_hooks'], date: '2026-03-17', flag: 'nodejs_perf_hooks_module' }
]

/** A Worker that imports Node.js modules its runtime settings do not provide. */
export class UnavailableNodeModuleError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnavailableNodeModuleError'
  }
}

/**
 * Refuses a Worker that imports, at load time, a Node.js module the runtime would not have with
 * these compatibility settings: it would fail to start ("No such module"). The modules' text is
 * read first; only when it names such a module does esbuild read them closely (`analyse`), so
 * that an import written in a string, a comment or a chunk loaded later is not held against the
 * Worker. When that closer look cannot be had, `warn` says what may be wrong instead.
 */
export async function checkNodeImports(
  modules: readonly WorkerModule[],
  compat: CompatSettings,
  analyse: () => Promise<Set<string> | undefined>,
  warn: (message: string) => void
): Promise<void> {
  const named = new Set<string>()
  for (const module of modules) {
    if (module.type !== 'esm') continue
    for (const specifier of staticImports(module.content.toString('utf8'))) named.add(specifier)
  }
  const suspected = nodeModuleProblem(named, compat)
  if (suspected === undefined) return
  const linked = await analyse()
  if (linked === undefined) {
    warn(suspected.replace('The Worker would not start.', 'The Worker may not start.'))
    return
  }
  const problem = nodeModuleProblem(linked, compat)
  if (problem !== undefined) throw new UnavailableNodeModuleError(problem)
}

/**
 * What is wrong with importing `specifiers` (`node:fs`, or `fs` as an unbundled Worker may
 * write it) under these settings, or `undefined` when the runtime has them all.
 */
export function nodeModuleProblem(
  specifiers: ReadonlySet<string>,
  compat: CompatSettings
): string | undefined {
  const imported = new Set<string>()
  for (const specifier of specifiers) {
    const name = specifier.replace(/^node:/, '')
    if (specifier.startsWith('node:') || isNodeBuiltin(name)) imported.add(name)
  }
  if (imported.size === 0) return undefined
  const mode = nodeCompatMode(compat)
  if (mode === null || mode === 'als') {
    const needing = [...imported].filter((name) => !(mode === 'als' && name === 'async_hooks'))
    if (needing.length === 0) return undefined
    return `the Worker imports ${list(needing)}, which the Workers runtime provides only with the nodejs_compat compatibility flag. The Worker would not start. Add compatibility_flags = ["nodejs_compat"] to the wrangler configuration (or the project's Functions settings).`
  }
  // Before v2 the runtime has only its first few modules, and wrangler leaves them to it too.
  if (mode === 'v1') return undefined
  const date = compat.date ?? '2000-01-01'
  const flags = new Set(compat.flags)
  const missing: string[] = []
  for (const name of [...imported].sort()) {
    if (ALWAYS.has(name)) continue
    const later = LATER.find((entry) => entry.modules.includes(name))
    // A module the runtime has never had (or one newer than this table) is left to the runtime.
    if (!later) continue
    const on =
      (date >= later.date || flags.has(`enable_${later.flag}`)) &&
      !flags.has(`disable_${later.flag}`)
    if (!on) {
      missing.push(
        `node:${name} (from compatibility date ${later.date}, or with the enable_${later.flag} flag)`
      )
    }
  }
  if (missing.length === 0) return undefined
  return `the Worker imports Node.js modules that the Workers runtime does not have at compatibility date ${date}: ${missing.join('; ')}. The Worker would not start. Raise compatibility_date in the wrangler configuration, or add the flag. (wrangler would put unenv's stand-in there, whose functions throw when called.)`
}

/** wrangler's hint for a Node.js module esbuild could not resolve: the flag, or the prefix. */
export function withNodeHints(errors: BuildMessage[], compat: CompatSettings): BuildMessage[] {
  const mode = nodeCompatMode(compat)
  return errors.map((error) => {
    const name = /^Could not resolve "([^"]+)"/.exec(error.text)?.[1]
    if (name === undefined || !isNodeBuiltin(name)) return error
    const hint =
      mode === null || mode === 'als'
        ? ' (a Node.js module: add the "nodejs_compat" compatibility flag to the wrangler configuration)'
        : mode === 'v1' && !name.startsWith('node:')
          ? ' (a Node.js module: import it as "node:…", or set compatibility_date to 2024-09-23 or later)'
          : ''
    return hint ? { ...error, text: error.text + hint } : error
  })
}

function isNodeBuiltin(name: string): boolean {
  const bare = name.replace(/^node:/, '')
  return builtinModules.includes(bare) || builtinModules.includes(bare.split('/')[0] ?? '')
}

function list(names: string[]): string {
  return names.map((name) => `node:${name}`).join(', ')
}
