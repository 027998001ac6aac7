export const id = 720;
export const ids = [720];
export const modules = {

/***/ 1720:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  uploadDeployment: () => (/* binding */ uploadDeployment)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: ./lib/bundler/esbuild-install.js + 2 modules
var esbuild_install = __webpack_require__(8298);
// EXTERNAL MODULE: ./lib/http/retry.js
var retry = __webpack_require__(8394);
;// CONCATENATED MODULE: ./lib/cloudflare/assets-client.js
/**
 * The asset endpoints of Direct Upload: not account-scoped, authenticated with the upload
 * token (a JWT) instead of the account's credentials. Their retries are the uploader's, which
 * renews the token between attempts; only 429s are still waited out here.
 */

const ASSETS_PATHS = {
    checkMissing: '/pages/assets/check-missing',
    upload: '/pages/assets/upload',
    upsertHashes: '/pages/assets/upsert-hashes'
};
/** One attempt per call: 429s are waited out, everything else is the caller's to retry. */
const SINGLE_ATTEMPT = { ...retry/* API_RETRY_POLICY */.hA, attempts: 1 };
class AssetsClient {
    transport;
    pages;
    projectName;
    constructor(transport, pages, projectName) {
        this.transport = transport;
        this.pages = pages;
        this.projectName = projectName;
    }
    /** A fresh upload token for the project. */
    fetchUploadToken() {
        return this.pages.getUploadToken(this.projectName);
    }
    /** `POST {path}` with a JSON body; resolves with the envelope's `result`. */
    async postAssets(path, jwt, body, operation) {
        const response = await this.transport.send({
            method: 'POST',
            path,
            body: { kind: 'json', value: body },
            bearer: jwt,
            policy: SINGLE_ATTEMPT,
            // Uploads are stored by hash and the others are lookups or set unions.
            idempotent: true,
            context: this.context(operation)
        });
        return response.result;
    }
    /** `POST /pages/assets/upload` with a body read from disk as it is sent. */
    async uploadAssets(jwt, body, operation) {
        const response = await this.transport.send({
            method: 'POST',
            path: ASSETS_PATHS.upload,
            body: {
                kind: 'stream',
                contentType: 'application/json',
                length: body.length,
                open: () => body.open()
            },
            bearer: jwt,
            policy: SINGLE_ATTEMPT,
            idempotent: true,
            context: this.context(operation)
        });
        return response.result;
    }
    context(operation) {
        return { operation, accountId: this.pages.accountId, projectName: this.projectName };
    }
}

// EXTERNAL MODULE: ./lib/config/wrangler-config.js + 13 modules
var wrangler_config = __webpack_require__(1681);
// EXTERNAL MODULE: ./lib/domain/branch-rule.js
var branch_rule = __webpack_require__(1541);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./lib/util/canceled.js
var canceled = __webpack_require__(6585);
;// CONCATENATED MODULE: ./lib/bundler/tool-environment.js
/**
 * The environment a tool pages-pilot runs is given: what a process needs to start and find
 * its temporary folder, and nothing else. The runner's environment holds the step's inputs
 * (`INPUT_API-TOKEN`, and `INPUT_GITHUB-TOKEN`, which defaults to the job's token), Cloudflare
 * credentials and tokens of other steps; no bundler needs any of them.
 */
/** Variables passed on, compared without case (Windows spells them as it likes). */
const PASSED = new Set([
    'PATH',
    'PATHEXT',
    'HOME',
    'USERPROFILE',
    'TMPDIR',
    'TMP',
    'TEMP',
    'LANG',
    'LC_ALL',
    'LC_CTYPE',
    'SYSTEMROOT',
    'WINDIR',
    'COMSPEC'
]);
function toolEnvironment(env = process.env) {
    const kept = {};
    for (const [name, value] of Object.entries(env)) {
        if (value !== undefined && PASSED.has(name.toUpperCase()))
            kept[name] = value;
    }
    return kept;
}

;// CONCATENATED MODULE: ./lib/bundler/esbuild.js
/**
 * Runs the esbuild binary with command-line flags: one process per build, about 10 ms, no
 * JavaScript API to keep in step with the binary's version. Its messages are parsed so that a
 * build error names the file and line.
 */



/** A build that esbuild refused; the message lists its errors with file and line. */
class BuildError extends Error {
    errors;
    constructor(what, errors) {
        const listed = errors
            .slice(0, 10)
            .map((e) => `  ${e.file ? `${e.file}:${e.line ?? 0}:${e.column ?? 0}: ` : ''}${e.text}`);
        const more = errors.length > 10 ? [`  … and ${errors.length - 10} more`] : [];
        super(`${what} failed:\n${[...listed, ...more].join('\n')}`);
        this.errors = errors;
        this.name = 'BuildError';
    }
}
/**
 * Runs `binary` with `args` in `cwd`, once it is checked to be the published esbuild, with an
 * environment that holds no secret; never throws for a failed build, only for a cancel or a
 * binary that changed since it was checked.
 */
async function runEsbuild(binary, args, options) {
    if (options.signal?.aborted)
        throw new canceled/* CanceledError */.k();
    await binary.assertUnchanged('esbuild');
    return new Promise((resolve, reject) => {
        if (options.signal?.aborted)
            return reject(new canceled/* CanceledError */.k());
        const child = (0,external_node_child_process_.spawn)(binary.path, [...args, '--color=false', '--log-level=warning'], {
            cwd: options.cwd,
            env: toolEnvironment(),
            stdio: ['ignore', 'pipe', 'pipe'],
            windowsHide: true
        });
        let stderr = '';
        const stdout = [];
        child.stdout.on('data', (chunk) => stdout.push(chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
        const cancel = () => {
            child.kill();
            reject(new canceled/* CanceledError */.k());
        };
        options.signal?.addEventListener('abort', cancel, { once: true });
        child.on('error', (error) => {
            options.signal?.removeEventListener('abort', cancel);
            resolve({
                ok: false,
                errors: [{ text: `could not run esbuild: ${error.message}` }],
                warnings: [],
                stdout: Buffer.alloc(0)
            });
        });
        child.on('close', (code) => {
            options.signal?.removeEventListener('abort', cancel);
            const { errors, warnings } = parseMessages(stderr);
            if (code !== 0 && errors.length === 0) {
                errors.push({ text: stderr.trim() || `esbuild exited with code ${code ?? 'unknown'}` });
            }
            resolve({ ok: code === 0, errors, warnings, stdout: Buffer.concat(stdout) });
        });
    });
}
const HEAD = /^\s*(?:✘|X|▲)\s*\[(ERROR|WARNING)\]\s+(.*)$/;
const WHERE = /^\s{2,}(.+?):(\d+):(\d+):\s*$/;
/** The errors and warnings of esbuild's log (`--color=false`). */
function parseMessages(log) {
    const errors = [];
    const warnings = [];
    let current;
    for (const line of log.split(/\r?\n/)) {
        const head = HEAD.exec(line);
        if (head) {
            current = { text: head[2] ?? '' };
            (head[1] === 'ERROR' ? errors : warnings).push(current);
            continue;
        }
        const where = WHERE.exec(line);
        if (where && current && current.file === undefined) {
            current.file = where[1] ?? '';
            current.line = Number(where[2]);
            current.column = Number(where[3]);
        }
    }
    return { errors, warnings };
}

;// CONCATENATED MODULE: ./lib/fullstack/imports.js
/**
 * The modules a Worker imports. `staticImports` and `dynamicImports` read an ES module's text:
 * quick, and generous (an import written inside a string or a comment counts too), so they serve
 * to decide whether a closer look is needed. `loadTimeImports` is that look: esbuild parses the
 * Worker's modules and says which imports each makes and how, and only the imports reached from
 * the main module through static imports count, since those are what the runtime links before
 * the Worker starts (a chunk loaded by `import()` is linked only when it is reached).
 */



/** Specifiers a module may import at load time, read from its text (generously). */
function staticImports(source) {
    return [
        ...source.matchAll(/\b(?:import|export)\b\s*[^;'"`()]*?\bfrom\s*['"]([^'"]+)['"]/g),
        ...source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)
    ].map((match) => match[1] ?? '');
}
/** Specifiers of `import('…')` calls with a literal: loaded when reached. */
function dynamicImports(source) {
    return [...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? '');
}
/**
 * The specifiers outside the Worker (such as `node:fs`, `cloudflare:sockets`) that the runtime
 * must link before the Worker starts, as esbuild parses them; `undefined` when esbuild could
 * not read the modules.
 */
async function loadTimeImports(main, modules, esbuild, tmpDir, signal) {
    const dir = (0,external_node_path_.join)(tmpDir, 'imports');
    for (const module of [main, ...modules]) {
        const file = (0,external_node_path_.join)(dir, 'src', module.name);
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(file), { recursive: true });
        await (0,promises_.writeFile)(file, module.content);
    }
    const metafile = (0,external_node_path_.join)(dir, 'meta.json');
    const outcome = await runEsbuild(esbuild, [
        (0,external_node_path_.join)('src', main.name),
        '--bundle',
        '--format=esm',
        '--platform=neutral',
        '--packages=external',
        '--external:node:*',
        '--external:cloudflare:*',
        ...['.wasm', '.txt', '.html', '.sql', '.bin'].map((extension) => `--loader:${extension}=empty`),
        `--metafile=${metafile}`,
        `--outfile=${(0,external_node_path_.join)(dir, 'out.js')}`
    ], { cwd: dir, signal });
    if (!outcome.ok)
        return undefined;
    const { inputs } = JSON.parse(await (0,promises_.readFile)(metafile, 'utf8'));
    const linked = new Set();
    const seen = new Set();
    const queue = [(0,external_node_path_.join)('src', main.name).split('\\').join('/')];
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        if (seen.has(path))
            continue;
        seen.add(path);
        for (const entry of inputs[path]?.imports ?? []) {
            if (entry.kind !== 'import-statement')
                continue;
            if (entry.external)
                linked.add(entry.path);
            else
                queue.push(entry.path);
        }
    }
    return linked;
}

// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
;// CONCATENATED MODULE: ./lib/fullstack/node-compat.js
/**
 * Node.js modules in a Worker. With `nodejs_compat`, workerd provides Node's modules itself, more
 * of them with each compatibility date (wrangler's unenv preset says which, by date and flag).
 * wrangler puts a stand-in from unenv where workerd has none; pages-pilot does not, so a Worker
 * that imports a module its compatibility date lacks would not start. That is refused before the
 * upload, naming the module and the date (or flag) that brings it. Build errors for a Node
 * module that could not be resolved get wrangler's hint about the flag.
 */


/** `nodejs_compat` from 2024-09-23 (or `nodejs_compat_v2`) is v2; before that, v1. */
function nodeCompatMode(compat) {
    const flags = new Set(compat.flags);
    if (flags.has('nodejs_compat_v2'))
        return 'v2';
    if (flags.has('nodejs_compat'))
        return (compat.date ?? '2000-01-01') >= '2024-09-23' ? 'v2' : 'v1';
    if (flags.has('nodejs_als'))
        return 'als';
    return null;
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
]);
/** Modules workerd gained later: from `date`, or earlier with `enable_<flag>`. */
const LATER = [
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
];
/** A Worker that imports Node.js modules its runtime settings do not provide. */
class UnavailableNodeModuleError extends Error {
    constructor(message) {
        super(message);
        this.name = 'UnavailableNodeModuleError';
    }
}
/**
 * Refuses a Worker that imports, at load time, a Node.js module the runtime would not have with
 * these compatibility settings: it would fail to start ("No such module"). The modules' text is
 * read first; only when it names such a module does esbuild read them closely (`analyse`), so
 * that an import written in a string, a comment or a chunk loaded later is not held against the
 * Worker. When that closer look cannot be had, `warn` says what may be wrong instead.
 */
async function checkNodeImports(modules, compat, analyse, warn) {
    const named = new Set();
    for (const module of modules) {
        if (module.type !== 'esm')
            continue;
        for (const specifier of staticImports(module.content.toString('utf8')))
            named.add(specifier);
    }
    const suspected = nodeModuleProblem(named, compat);
    if (suspected === undefined)
        return;
    const linked = await analyse();
    if (linked === undefined) {
        warn(suspected.replace('The Worker would not start.', 'The Worker may not start.'));
        return;
    }
    const problem = nodeModuleProblem(linked, compat);
    if (problem !== undefined)
        throw new UnavailableNodeModuleError(problem);
}
/**
 * What is wrong with importing `specifiers` (`node:fs`, or `fs` as an unbundled Worker may
 * write it) under these settings, or `undefined` when the runtime has them all.
 */
function nodeModuleProblem(specifiers, compat) {
    const imported = new Set();
    for (const specifier of specifiers) {
        const name = specifier.replace(/^node:/, '');
        if (specifier.startsWith('node:') || isNodeBuiltin(name))
            imported.add(name);
    }
    if (imported.size === 0)
        return undefined;
    const mode = nodeCompatMode(compat);
    if (mode === null || mode === 'als') {
        const needing = [...imported].filter((name) => !(mode === 'als' && name === 'async_hooks'));
        if (needing.length === 0)
            return undefined;
        return `the Worker imports ${list(needing)}, which the Workers runtime provides only with the nodejs_compat compatibility flag. The Worker would not start. Add compatibility_flags = ["nodejs_compat"] to the wrangler configuration (or the project's Functions settings).`;
    }
    // Before v2 the runtime has only its first few modules, and wrangler leaves them to it too.
    if (mode === 'v1')
        return undefined;
    const date = compat.date ?? '2000-01-01';
    const flags = new Set(compat.flags);
    const missing = [];
    for (const name of [...imported].sort()) {
        if (ALWAYS.has(name))
            continue;
        const later = LATER.find((entry) => entry.modules.includes(name));
        // A module the runtime has never had (or one newer than this table) is left to the runtime.
        if (!later)
            continue;
        const on = (date >= later.date || flags.has(`enable_${later.flag}`)) &&
            !flags.has(`disable_${later.flag}`);
        if (!on) {
            missing.push(`node:${name} (from compatibility date ${later.date}, or with the enable_${later.flag} flag)`);
        }
    }
    if (missing.length === 0)
        return undefined;
    return `the Worker imports Node.js modules that the Workers runtime does not have at compatibility date ${date}: ${missing.join('; ')}. The Worker would not start. Raise compatibility_date in the wrangler configuration, or add the flag. (wrangler would put unenv's stand-in there, whose functions throw when called.)`;
}
/** wrangler's hint for a Node.js module esbuild could not resolve: the flag, or the prefix. */
function withNodeHints(errors, compat) {
    const mode = nodeCompatMode(compat);
    return errors.map((error) => {
        const name = /^Could not resolve "([^"]+)"/.exec(error.text)?.[1];
        if (name === undefined || !isNodeBuiltin(name))
            return error;
        const hint = mode === null || mode === 'als'
            ? ' (a Node.js module: add the "nodejs_compat" compatibility flag to the wrangler configuration)'
            : mode === 'v1' && !name.startsWith('node:')
                ? ' (a Node.js module: import it as "node:…", or set compatibility_date to 2024-09-23 or later)'
                : '';
        return hint ? { ...error, text: error.text + hint } : error;
    });
}
function isNodeBuiltin(name) {
    const bare = name.replace(/^node:/, '');
    return external_node_module_.builtinModules.includes(bare) || external_node_module_.builtinModules.includes(bare.split('/')[0] ?? '');
}
function list(names) {
    return names.map((name) => `node:${name}`).join(', ');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/mime/index.js
var mime = __webpack_require__(4900);
;// CONCATENATED MODULE: ./lib/upload/content-type.js
/**
 * The content type an asset is served with, from the same MIME database and version wrangler
 * 4.86 uses (mime 3.0.0), so a file is served exactly as `wrangler pages deploy` would serve it.
 * Assets are stored by content hash: a file uploaded earlier with another type keeps it until
 * its content changes.
 */

/** `relativePath` with `/` separators, as wrangler passes it (`sub/a.css`; `json` → JSON). */
function contentTypeFor(relativePath) {
    return mime.getType(relativePath) ?? 'application/octet-stream';
}

;// CONCATENATED MODULE: ./lib/upload/walk.js
/**
 * Walks the folder given as the `directory` input the way Cloudflare's Direct Upload expects:
 * which files become assets, which are special files sent with the deployment, and which are
 * refused. Only names and sizes are kept in memory, never content.
 */




/** Largest file Cloudflare Pages accepts: 25 MiB. */
const MAX_ASSET_BYTES = 25 * 1024 * 1024;
/** Files a deployment may have unless the upload token says otherwise. */
const DEFAULT_MAX_FILES = 20_000;
/** The most files any plan allows a deployment (Workers Paid), for a walk before the token. */
const MOST_FILES_ANY_PLAN = 100_000;
/** Files at the root of the folder that configure the deployment instead of being served. */
const SPECIAL_FILE_NAMES = ['_headers', '_redirects', '_routes.json', '_worker.js'];
/** Names never uploaded, at any depth. */
const SKIPPED_ANYWHERE = new Set(['.DS_Store', 'node_modules', '.git', '.wrangler']);
/** Names never uploaded at the root: Pages Functions source and the special files. */
const SKIPPED_AT_ROOT = new Set(['functions', ...SPECIAL_FILE_NAMES]);
/**
 * Longest stretch of synchronous `stat` calls before the walk lets the event loop run, so that
 * signals and timers are served while a large folder is listed.
 */
const YIELD_EVERY_MS = 50;
/** The folder cannot be deployed as it is; the message says what to change. */
class DirectoryError extends Error {
    constructor(message) {
        super(message);
        this.name = 'DirectoryError';
    }
}
/**
 * Lists the assets and special files of `directory` (relative paths are resolved against the
 * working directory). Symlinks are followed when their target stays inside the folder.
 */
async function walkDirectory(directory, options = {}) {
    const input = options.inputName ?? 'directory';
    const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
    const maxFileBytes = options.maxFileBytes ?? MAX_ASSET_BYTES;
    const shown = `${input} '${directory}'`;
    const where = (0,external_node_path_.resolve)(directory);
    let rootStats;
    try {
        rootStats = await (0,promises_.stat)(where);
    }
    catch (error) {
        if (errorCode(error) === 'ENOENT') {
            throw new DirectoryError(`${shown} does not exist${where === directory ? '' : ` (looked for ${where})`}. Build the site before this step, or check the path: a relative path starts at the workspace (GITHUB_WORKSPACE).`);
        }
        throw new DirectoryError(`${shown} cannot be read: ${describe(error)}`);
    }
    if (!rootStats.isDirectory()) {
        throw new DirectoryError(`${shown} is not a directory (${where}); give the folder to upload.`);
    }
    const root = await (0,promises_.realpath)(where);
    const files = [];
    const specialFiles = [];
    const skipped = [];
    const oversized = [];
    function tooMany() {
        return new DirectoryError(`${shown} has more than ${maxFiles.toLocaleString('en-US')} files, the most a Pages deployment may have. Remove files that need not be served, or leave them out of the folder.`);
    }
    let sliceStart = performance.now();
    /** Lets the event loop run when the walk has kept it busy for {@link YIELD_EVERY_MS}. */
    async function pause() {
        if (performance.now() - sliceStart < YIELD_EVERY_MS)
            return;
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
    }
    /** Walks `dir` (real path `realDir`), which is at manifest path `prefix`. */
    async function visit(dir, realDir, prefix, ancestors) {
        // The entry types come with the listing: only symlinks need a stat of their own, and
        // regular files one for their size.
        const entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const atRoot = prefix === '';
        const kept = entries.filter(({ name }) => {
            const skip = SKIPPED_ANYWHERE.has(name) || (atRoot && SKIPPED_AT_ROOT.has(name));
            if (skip && !(atRoot && isSpecial(name)))
                skipped.push(`${prefix}/${name}`);
            return !skip;
        });
        if (atRoot) {
            for (const entry of entries) {
                const name = entry.name;
                if (!isSpecial(name))
                    continue;
                const absolutePath = (0,external_node_path_.join)(dir, name);
                const target = await resolveEntry(entry, absolutePath, (0,external_node_path_.join)(realDir, name), `/${name}`);
                // A _worker.js/ folder is the Worker's modules, built apart (fullstack/advanced.ts).
                if (target.kind === 'directory')
                    continue;
                if (target.kind === 'file') {
                    specialFiles.push({ name, absolutePath, size: target.size });
                }
            }
        }
        for (const entry of kept) {
            const name = entry.name;
            const path = `${prefix}/${name}`;
            const absolutePath = (0,external_node_path_.join)(dir, name);
            const target = await resolveEntry(entry, absolutePath, (0,external_node_path_.join)(realDir, name), path);
            if (target.kind === 'directory') {
                const chain = [...ancestors, realDir];
                if (chain.includes(target.realPath)) {
                    throw new DirectoryError(`${shown} has a symlink loop at '${path.slice(1)}' (${absolutePath} leads back to ${target.realPath}).`);
                }
                await visit(absolutePath, target.realPath, path, chain);
            }
            else if (target.kind === 'file') {
                if (target.size > maxFileBytes) {
                    oversized.push({ path, size: target.size });
                    continue;
                }
                files.push({
                    path,
                    absolutePath,
                    size: target.size,
                    contentType: contentTypeFor(path.slice(1))
                });
                if (files.length > maxFiles)
                    throw tooMany();
            }
            else {
                skipped.push(path); // Sockets, FIFOs, devices: nothing to serve.
            }
            await pause();
        }
    }
    /**
     * What the entry is, following a symlink only when its target stays inside the folder.
     * `realPath` is where the entry really is when it is not a symlink. A regular file costs one
     * synchronous `stat` (for its size), a directory nothing; only symlinks take the slow path.
     */
    async function resolveEntry(entry, absolutePath, realPath, path) {
        if (entry.isDirectory())
            return { kind: 'directory', size: 0, realPath };
        if (entry.isFile()) {
            // Throws like `lstat` would when the file vanished since the listing.
            return { kind: 'file', size: (0,external_node_fs_.statSync)(absolutePath).size, realPath };
        }
        if (!entry.isSymbolicLink()) {
            // Sockets, FIFOs, devices; or a file system that did not say what the entry is.
            const own = await (0,promises_.lstat)(absolutePath);
            if (!own.isSymbolicLink())
                return resolved(own, realPath);
        }
        const target = await symlinkTarget(absolutePath, root, shown, path.slice(1));
        return resolved(await (0,promises_.stat)(target), target);
    }
    await visit(root, root, '', []);
    if (oversized.length > 0) {
        const list = oversized
            .slice(0, 5)
            .map((f) => `'${f.path.slice(1)}' (${mebibytes(f.size)})`)
            .join(', ');
        const more = oversized.length > 5 ? ` and ${oversized.length - 5} more` : '';
        throw new DirectoryError(`${shown} has files over the ${mebibytes(maxFileBytes)} Cloudflare Pages accepts per file: ${list}${more}. Serve large files from R2 or another store instead.`);
    }
    if (files.length === 0) {
        throw new DirectoryError(`${shown} has no files to upload${root === directory ? '' : ` (${root})`}${skipped.length > 0 ? `; skipped: ${skipped.slice(0, 5).join(', ')}` : ''}. Check that the build wrote its output there.`);
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return {
        root,
        files,
        specialFiles,
        totalBytes: files.reduce((sum, f) => sum + f.size, 0),
        skipped
    };
}
/**
 * Where the symlink at `absolutePath` (shown as `path`, relative to the folder) leads, when that
 * is inside `root` (a real path): the folder's own symlink rule, for the upload and the Worker.
 *
 * @throws DirectoryError for a broken symlink or one that points outside the folder
 */
async function symlinkTarget(absolutePath, root, shown, path) {
    let target;
    try {
        target = await (0,promises_.realpath)(absolutePath);
    }
    catch (error) {
        throw new DirectoryError(`${shown} has a broken symlink at '${path}' (${absolutePath}): ${describe(error)}. Remove it or make it point to a file inside the folder.`);
    }
    const inside = (0,external_node_path_.relative)(root, target);
    if (inside === '..' || inside.startsWith(`..${external_node_path_.sep}`) || (0,external_node_path_.isAbsolute)(inside)) {
        throw new DirectoryError(`${shown} has a symlink at '${path}' that points outside the folder (to ${target}). Copy the file into the folder instead: only what is inside it is uploaded.`);
    }
    return target;
}
function resolved(stats, realPath) {
    const kind = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
    return { kind, size: stats.size, realPath };
}
function isSpecial(name) {
    return SPECIAL_FILE_NAMES.includes(name);
}
function mebibytes(bytes) {
    const mib = bytes / (1024 * 1024);
    return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}
function errorCode(error) {
    return error?.code;
}
function describe(error) {
    return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
}

;// CONCATENATED MODULE: ./lib/fullstack/modules.js
/**
 * The modules of a Worker as Pages receives them in `_worker.bundle`: each has a type that
 * decides how the runtime loads it, sent as its part's content type.
 */
/** The content type each module type is sent with, as Cloudflare's upload API expects it. */
const MODULE_CONTENT_TYPE = {
    esm: 'application/javascript+module',
    commonjs: 'application/javascript',
    'compiled-wasm': 'application/wasm',
    text: 'text/plain',
    buffer: 'application/octet-stream'
};
/**
 * The type of a module found in a `_worker.js/` directory or produced by a build, by its
 * extension, with the rules Cloudflare's tooling applies; `undefined` for a file that is not a
 * module (it is not uploaded).
 */
function moduleTypeOf(name) {
    const extension = /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase();
    switch (extension) {
        case 'js':
        case 'mjs':
            return 'esm';
        case 'wasm':
            return 'compiled-wasm';
        case 'txt':
        case 'html':
        case 'sql':
            return 'text';
        case 'bin':
            return 'buffer';
        default:
            return undefined;
    }
}

;// CONCATENATED MODULE: ./lib/fullstack/esbuild-flags.js
/**
 * How a Worker is bundled for Pages, as wrangler 4.86 bundles it: an ES module for workerd,
 * imported `.wasm`, `.txt`, `.html`, `.sql` and `.bin` files kept as modules of their own (the
 * copy loader writes them beside the bundle and rewrites the import), `cloudflare:` and `node:`
 * modules left to the runtime.
 */




const COPIED_MODULES = ['.wasm', '.txt', '.html', '.sql', '.bin'];
/**
 * The flags of a Worker build. `copyModules` off suits a build written to standard output, whose
 * non-JavaScript modules are already modules of their own (a `_worker.js/` folder's).
 */
function bundleFlags(compat, copyModules = true) {
    const nodeCompat = compat.flags.some((flag) => /^nodejs_compat(_v2)?$/.test(flag));
    const navigator = compat.flags.includes('global_navigator') ||
        (compat.date !== undefined &&
            compat.date >= '2022-03-21' &&
            !compat.flags.includes('no_global_navigator'));
    const nodeEnv = JSON.stringify(process.env.NODE_ENV || 'production');
    return [
        '--bundle',
        '--format=esm',
        '--target=es2024',
        '--supported:import-source=true',
        '--conditions=workerd,worker,browser',
        '--loader:.js=jsx',
        '--loader:.mjs=jsx',
        '--loader:.cjs=jsx',
        ...(copyModules
            ? [
                ...COPIED_MODULES.map((extension) => `--loader:${extension}=copy`),
                '--asset-names=[name]-[hash]'
            ]
            : []),
        '--external:cloudflare:*',
        '--external:node:*',
        '--external:__STATIC_CONTENT_MANIFEST',
        '--keep-names',
        `--define:process.env.NODE_ENV=${nodeEnv}`,
        `--define:global.process.env.NODE_ENV=${nodeEnv}`,
        `--define:globalThis.process.env.NODE_ENV=${nodeEnv}`,
        ...(navigator ? ['--define:navigator.userAgent="Cloudflare-Workers"'] : []),
        // With nodejs_compat, the runtime provides Node's modules: `fs` is `node:fs`.
        ...(nodeCompat
            ? external_node_module_.builtinModules
                .filter((name) => !name.startsWith('_') && !name.includes(':'))
                .map((name) => `--alias:${name}=node:${name}`)
            : [])
    ];
}
/**
 * The modules a build wrote to `outdir`: its entry output `entryFile` as the main module named
 * `mainName`, and every copied module by its name beside it.
 */
async function readOutputs(outdir, entryFile, mainName) {
    let main;
    const modules = [];
    for (const entry of await (0,promises_.readdir)(outdir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile())
            continue;
        const path = (0,external_node_path_.join)(entry.parentPath, entry.name);
        const name = (0,external_node_path_.relative)(outdir, path).split('\\').join('/');
        const content = await (0,promises_.readFile)(path);
        if (name === entryFile)
            main = { name: mainName, type: 'esm', content };
        else {
            const type = moduleTypeOf(name);
            if (type)
                modules.push({ name, type, content });
        }
    }
    if (!main)
        throw new Error(`the build wrote no ${entryFile}`);
    return { main, modules };
}

;// CONCATENATED MODULE: ./lib/fullstack/project-bounds.js
/**
 * Where a Worker's modules may come from. esbuild runs on the runner that holds the secrets, and
 * it puts whatever a module imports into the bundle that Cloudflare then serves: an import of
 * `/home/runner/.docker/config.json`, of `../gha-creds-….json` or of a symlink pointing out of
 * the project would publish that file. So every file a build read must lie inside the project:
 * `working-directory`, the output folder, and the `node_modules` folders above the working
 * directory up to the workspace (where npm and pnpm install dependencies), and nowhere else.
 *
 * In a run that does not deploy a fork's code, a package that a `node_modules` folder links to
 * elsewhere in the workspace (npm, pnpm and yarn workspaces link a monorepo's own packages
 * that way) belongs to the project too. A fork's run gets no such allowance: nothing it ships
 * may point anywhere.
 */


/** A build read a file outside the project; nothing was uploaded. */
class OutsideProjectError extends Error {
    constructor(message) {
        super(message);
        this.name = 'OutsideProjectError';
    }
}
async function projectBounds(options) {
    const workingDirectory = await realOrResolved(options.workingDirectory);
    const workspace = await realOrResolved(options.workspace);
    const roots = [workingDirectory, await realOrResolved(options.outputDir)];
    const nodeModules = [];
    // Up from the working directory, while it is inside the workspace (the workspace included).
    for (let dir = workingDirectory; isInside(dir, workspace); dir = (0,external_node_path_.dirname)(dir)) {
        nodeModules.push((0,external_node_path_.join)(dir, 'node_modules'));
        if (dir === workspace || (0,external_node_path_.dirname)(dir) === dir)
            break;
    }
    if (!nodeModules.includes((0,external_node_path_.join)(workingDirectory, 'node_modules'))) {
        nodeModules.push((0,external_node_path_.join)(workingDirectory, 'node_modules'));
    }
    for (const folder of nodeModules) {
        const real = await realOrUndefined(folder);
        if (real === undefined)
            continue;
        roots.push(real);
        if (!options.forkCode)
            roots.push(...(await linkedPackages(real, workspace)));
    }
    return {
        description: `working-directory (${workingDirectory})${options.forkCode ? '' : ', the workspace packages it links to'} and the node_modules folders up to the workspace`,
        roots: [...new Set(roots)]
    };
}
/** Whether `realPath` (a path without symlinks) lies inside the project. */
function withinBounds(bounds, realPath) {
    return bounds.roots.some((root) => isInside(realPath, root));
}
/**
 * Checks every file an esbuild build read (its metafile's inputs, relative to `cwd`) against
 * the project, allowing the build's own generated files in `scratch`.
 *
 * @throws OutsideProjectError naming each import that reached outside and the file that made it
 */
async function checkBuildInputs(metafilePath, cwd, bounds, scratch, what) {
    const { inputs } = JSON.parse(await (0,promises_.readFile)(metafilePath, 'utf8'));
    const realScratch = await realOrResolved(scratch);
    const outside = [];
    for (const input of Object.keys(inputs)) {
        // `<data:…>` and `(disabled):…` are esbuild's own modules, read from no file.
        if (/^<.*>$/s.test(input) || /^\([a-z-]+\):/.test(input))
            continue;
        const absolute = (0,external_node_path_.resolve)(cwd, input);
        const real = await realOrResolved(absolute);
        if (withinBounds(bounds, real) || isInside(real, realScratch))
            continue;
        outside.push(describeImport(inputs, input, cwd, real));
    }
    if (outside.length === 0)
        return;
    const listed = outside.slice(0, 5).map((line) => `  ${line}`);
    if (outside.length > 5)
        listed.push(`  … and ${outside.length - 5} more`);
    throw new OutsideProjectError(`${what} reads files outside the project, so nothing was uploaded:\n${listed.join('\n')}\nA Worker may only be built from ${bounds.description}. Copy what it needs into the project, or install it as a dependency.`);
}
/** `file imports 'specifier'` for the first module that imports `input`, and where it led. */
function describeImport(inputs, input, cwd, real) {
    for (const [importer, { imports = [] }] of Object.entries(inputs)) {
        for (const entry of imports) {
            const direct = entry.path === input;
            // A template-literal import() is a glob (`../gha-creds-*.json`) that names no single file.
            const glob = entry.path.includes('*') && globMatches(entry.path, input);
            if (!direct && !glob)
                continue;
            const specifier = glob ? entry.path : (entry.original ?? entry.path);
            return `${shown(cwd, importer)} imports '${specifier}', which is ${real}`;
        }
    }
    return `${real} (read by the build)`;
}
function globMatches(pattern, path) {
    const source = pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*');
    return new RegExp(`^${source}$`).test(path);
}
function shown(cwd, input) {
    return (0,external_node_path_.relative)(process.cwd(), (0,external_node_path_.resolve)(cwd, input)).split(external_node_path_.sep).join('/') || input;
}
/**
 * The real folders of the packages a `node_modules` folder links to elsewhere in the
 * workspace (`node_modules/<name>` and `node_modules/@scope/<name>` symlinks), never the
 * workspace itself or a folder holding it.
 */
async function linkedPackages(nodeModules, workspace) {
    const found = [];
    const visit = async (dir, depth) => {
        const entries = await (0,promises_.readdir)(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            const path = (0,external_node_path_.join)(dir, entry.name);
            if (depth === 0 && entry.name.startsWith('@') && entry.isDirectory()) {
                await visit(path, 1);
                continue;
            }
            if (!entry.isSymbolicLink())
                continue;
            const target = await realOrUndefined(path);
            if (target === undefined || target === workspace)
                continue;
            if (isInside(target, workspace) && !isInside(workspace, target))
                found.push(target);
        }
    };
    await visit(nodeModules, 0);
    return found;
}
/** Whether `path` is `folder` or inside it (both absolute, without symlinks). */
function isInside(path, folder) {
    const rest = (0,external_node_path_.relative)(folder, path);
    return rest === '' || (rest !== '..' && !rest.startsWith(`..${external_node_path_.sep}`) && !(0,external_node_path_.isAbsolute)(rest));
}
async function realOrUndefined(path) {
    try {
        await (0,promises_.lstat)(path);
        return await (0,promises_.realpath)(path);
    }
    catch {
        return undefined;
    }
}
/** The real path, or the resolved path of something that does not exist (yet). */
async function realOrResolved(path) {
    return (await realOrUndefined(path)) ?? (0,external_node_path_.resolve)(path);
}

;// CONCATENATED MODULE: ./lib/fullstack/advanced.js
/**
 * Advanced mode: a `_worker.js` in the output folder is the whole Worker, as a file or as a
 * folder of modules (`_worker.js/index.js` and the modules beside it). By default it is bundled
 * (its imports resolved, as wrangler does); with bundling off it is sent as it is.
 */









/** The main module's name when pages-pilot bundled the Worker. */
const BUNDLED_MAIN_MODULE = 'bundledWorker.mjs';
/** A `_worker.js` that cannot be sent as it is; the message says what to change. */
class WorkerImportError extends Error {
    constructor(message) {
        super(message);
        this.name = 'WorkerImportError';
    }
}
async function buildAdvancedWorker(options) {
    return options.isDirectory ? workerFolder(options) : workerFile(options);
}
async function workerFile(options) {
    if (!options.bundle) {
        const content = await (0,promises_.readFile)(options.workerPath);
        refuseImports(content.toString('utf8'));
        return { main: { name: '_worker.js', type: 'esm', content }, modules: [], ignored: [] };
    }
    const outdir = (0,external_node_path_.join)(options.tmpDir, 'worker-out');
    const metafile = (0,external_node_path_.join)(options.tmpDir, 'worker-meta.json');
    const outcome = await runEsbuild(await options.esbuild(), [
        options.workerPath,
        ...bundleFlags(options.compat),
        `--outdir=${outdir}`,
        '--entry-names=bundledWorker',
        `--metafile=${metafile}`
    ], { cwd: options.cwd, signal: options.signal });
    if (!outcome.ok) {
        throw new BuildError('Bundling _worker.js', withNodeHints(outcome.errors, options.compat));
    }
    await checkBuildInputs(metafile, options.cwd, options.bounds, options.tmpDir, 'Bundling _worker.js');
    const { main, modules } = await readOutputs(outdir, 'bundledWorker.js', BUNDLED_MAIN_MODULE);
    return { main, modules, ignored: [] };
}
async function workerFolder(options) {
    const root = options.workerPath;
    const { entry, modules, ignored } = await folderModules(root, options.outputRoot);
    if (!options.bundle) {
        return {
            main: { name: 'index.js', type: 'esm', content: await (0,promises_.readFile)(entry) },
            modules,
            ignored
        };
    }
    // The folder's modules stay modules: marked external by path, their imports keep the
    // specifiers as written, which the bundle (at the folder's root) resolves the same way. That
    // holds only for a bundle written to standard output (an output file would have them
    // rewritten relative to itself), so the list of files read comes from a second run beside it.
    const esbuild = await options.esbuild();
    const flags = [
        'index.js',
        ...bundleFlags(options.compat, false),
        ...modules.map((module) => `--external:${(0,external_node_path_.join)(root, module.name)}`)
    ];
    const metafile = (0,external_node_path_.join)(options.tmpDir, 'worker-meta.json');
    const run = (extra) => runEsbuild(esbuild, [...flags, ...extra], { cwd: root, signal: options.signal });
    const [outcome, probe] = await Promise.all([
        run([]),
        run([`--outfile=${(0,external_node_path_.join)(options.tmpDir, 'worker-probe.js')}`, `--metafile=${metafile}`])
    ]);
    if (!outcome.ok) {
        throw new BuildError('Bundling _worker.js/index.js', withNodeHints(outcome.errors, options.compat));
    }
    if (!probe.ok)
        throw new BuildError('Bundling _worker.js/index.js', probe.errors);
    await checkBuildInputs(metafile, root, options.bounds, options.tmpDir, 'Bundling _worker.js/');
    return {
        main: { name: BUNDLED_MAIN_MODULE, type: 'esm', content: outcome.stdout },
        modules,
        ignored
    };
}
/**
 * The modules of a `_worker.js/` folder, by their path in it, sorted; its `index.js` is the
 * entry. A symlink is followed only where the output folder's own rule allows it (to a file or
 * folder inside the output folder), so a module can never be a file from elsewhere.
 */
async function folderModules(root, outputRoot) {
    const modules = [];
    const ignored = [];
    let entry = (0,external_node_path_.join)(root, 'index.js');
    const shown = `the output folder's _worker.js/`;
    const visit = async (dir, prefix, chain) => {
        const entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
        for (const item of entries) {
            const path = (0,external_node_path_.join)(dir, item.name);
            const name = `${prefix}${item.name}`;
            let real = path;
            let kind = item.isFile()
                ? 'file'
                : item.isDirectory()
                    ? 'directory'
                    : 'other';
            if (item.isSymbolicLink() || (kind === 'other' && (await (0,promises_.lstat)(path)).isSymbolicLink())) {
                real = await symlinkTarget(path, outputRoot, shown, `_worker.js/${name}`);
                const target = await (0,promises_.stat)(real);
                kind = target.isFile() ? 'file' : target.isDirectory() ? 'directory' : 'other';
            }
            if (kind === 'directory') {
                if (chain.includes(real)) {
                    throw new DirectoryError(`${shown} has a symlink loop at '_worker.js/${name}' (${path} leads back to ${real}).`);
                }
                await visit(path, `${name}/`, [...chain, real]);
            }
            else if (kind === 'file' && name === 'index.js') {
                entry = real;
            }
            else if (kind === 'file') {
                const type = moduleTypeOf(name);
                if (type)
                    modules.push({ name, type, content: await (0,promises_.readFile)(real) });
                else
                    ignored.push(name);
            }
        }
    };
    await visit(root, '', [await (0,promises_.realpath)(root)]);
    modules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { entry, modules, ignored };
}
/**
 * A Worker sent without bundling must not import other files: Cloudflare would not find them.
 * Only the runtime's own modules (`cloudflare:`, `node:`) may be imported.
 */
function refuseImports(source) {
    const specifiers = [...staticImports(source), ...dynamicImports(source)];
    const other = specifiers.find((s) => !s.startsWith('cloudflare:') && !s.startsWith('node:'));
    if (other !== undefined) {
        throw new WorkerImportError(`_worker.js imports "${other}", and bundling is off (bundle: false), so that file would not be deployed and the Worker would fail. Leave bundling on, bundle the Worker in a build step, or remove the import.`);
    }
}

;// CONCATENATED MODULE: ./lib/fullstack/functions/routes.js
/**
 * File-path routing of Pages Functions: the files of `functions/` and their `onRequest…`
 * exports become routes, most specific first, exactly as Cloudflare's tooling derives them
 * (`api/greet/[name].ts` exporting `onRequestGet` serves GET /api/greet/:name).
 */
/** A functions folder that cannot be routed; the message names the file and the fix. */
class FunctionsRouteError extends Error {
    constructor(message) {
        super(message);
        this.name = 'FunctionsRouteError';
    }
}
const HANDLER = /^onRequest(Get|Post|Put|Patch|Delete|Options|Head)?$/;
const EXTENSION = /\.(mjs|js|ts|tsx|jsx)$/;
/** Whether a file of the functions folder can hold routes. */
function isFunctionFile(name) {
    return EXTENSION.test(name);
}
/** The routes of a functions folder, most specific first. `files` come in discovery order. */
function deriveRoutes(files) {
    const entries = [];
    for (const file of files) {
        const withoutExtension = file.path.replace(EXTENSION, '');
        const segments = withoutExtension.split('/');
        const basename = segments[segments.length - 1] ?? '';
        const directory = segments.slice(0, -1).join('/');
        const isMiddleware = basename === '_middleware' || basename === '_middleware_';
        const isIndex = basename === 'index';
        const routePath = toPattern(isMiddleware || isIndex ? directory : withoutExtension, file.path);
        const mountPath = toPattern(directory, file.path);
        for (const name of file.exports) {
            const handler = HANDLER.exec(name);
            if (!handler)
                continue;
            const entry = {
                routePath,
                mountPath,
                method: handler[1]?.toUpperCase() ?? ''
            };
            entry[isMiddleware ? 'middleware' : 'module'] = [`${file.path}:${name}`];
            entries.push(entry);
        }
    }
    return merge(entries).sort(compareRoutes);
}
/** The `functions-filepath-routing-config.json` Cloudflare shows in a deployment's Functions tab. */
function routingConfigJson(routes) {
    return JSON.stringify({ routes, baseURL: '/' }, null, 2);
}
/**
 * `path/[id]/[[rest]]` → `/path/:id/:rest*`. Parameter names must be identifiers, since they
 * become the keys of `context.params`.
 */
function toPattern(path, file) {
    const converted = path
        .replace(/\[\[([^\]]*)\]\]/g, (_, name) => {
        if (!/^[A-Za-z0-9_]+$/.test(name))
            throw badParameter(`[[${name}]]`, file);
        return `:${name}*`;
    })
        .replace(/\[([^\]]*)\]/g, (_, name) => {
        if (!/^[A-Za-z0-9_]+$/.test(name))
            throw badParameter(`[${name}]`, file);
        return `:${name}`;
    });
    return `/${converted}`;
}
function badParameter(parameter, file) {
    return new FunctionsRouteError(`functions/${file}: the route parameter "${parameter}" is not valid; parameter names may only contain letters, digits and underscores (rename the file or folder).`);
}
/**
 * Entries of one path and method become one: a folder's `_middleware` and `index` share a
 * route. A later file's keys overwrite an earlier one's, and new keys are appended.
 */
function merge(entries) {
    const byKey = new Map();
    for (const entry of entries) {
        const key = `${entry.routePath}\0${entry.method}`;
        const existing = byKey.get(key);
        if (existing)
            Object.assign(existing, entry);
        else
            byKey.set(key, entry);
    }
    return [...byKey.values()];
}
/** Most specific first: more segments; then literal before parameter before catch-all. */
function compareRoutes(a, b) {
    const left = segmentsOf(a.routePath);
    const right = segmentsOf(b.routePath);
    if (left.length !== right.length)
        return right.length - left.length;
    for (let i = 0; i < left.length; i++) {
        const x = left[i] ?? '';
        const y = right[i] ?? '';
        const xWild = x.includes('*');
        const yWild = y.includes('*');
        if (xWild !== yWild)
            return xWild ? 1 : -1;
        const xParam = x.includes(':');
        const yParam = y.includes(':');
        if (xParam !== yParam)
            return xParam ? 1 : -1;
    }
    if (Boolean(a.method) !== Boolean(b.method))
        return a.method ? -1 : 1;
    return a.routePath.localeCompare(b.routePath);
}
function segmentsOf(routePath) {
    return routePath.slice(1).split('/').filter(Boolean);
}

;// CONCATENATED MODULE: ./lib/fullstack/functions/runtime.js
/**
 * The runtime of a compiled Pages Functions Worker: it routes each request through the user's
 * middlewares and handlers exactly as Cloudflare's template worker (wrangler 4.86) does, so a
 * project behaves the same whether pages-pilot or wrangler built it. The behaviour is specified in
 * notes/wrangler-fullstack.md §1.6; this is an original implementation of it.
 *
 * The source is plain ES2022 with no imports, so it can be handed to esbuild as a virtual module.
 * It is a String.raw template: it must not contain backticks or dollar-brace sequences.
 */
/** The JavaScript source of the Pages Functions runtime, bundled into every Functions Worker. */
const FUNCTIONS_RUNTIME_SOURCE = String.raw `// pages-pilot: Pages Functions runtime.

// --- Path matching --------------------------------------------------------------------------
// Same results as path-to-regexp 6.3.0 match(pattern, { end }) with default options, after
// Pages escapes these characters in the pattern (so they are literal; "*" is not escaped, it is
// the catch-all modifier of ":name*"). Defaults: case-insensitive, optional trailing delimiter,
// anchored at the start, delimiters "/#?", params not decoded.
const LITERAL = /[.+?^{}$()|[\]\\]/g
const SEGMENT = '[^/#?]+?'
const escapeRegExp = (text) => text.replace(/[.*+?^{}$()|[\]\\]/g, '\\$&')
const compiled = new Map()

// Turns a pattern into { regexp, keys }. Invalid patterns throw the TypeError path-to-regexp
// throws (index into the escaped pattern), at the same point of the request.
function compile(pattern, end) {
  const source = pattern.replace(LITERAL, '\\$&')

  // Tokens: literal characters (backslash-escaped or plain), ":name" and "*".
  const tokens = []
  for (let i = 0; i < source.length; ) {
    const char = source[i]
    if (char === '\\') {
      tokens.push({ kind: 'text', value: source[i + 1] })
      i += 2
    } else if (char === '*') {
      tokens.push({ kind: '*', at: i })
      i += 1
    } else if (char === ':') {
      const name = /^\w*/.exec(source.slice(i + 1))[0]
      if (!name) throw new TypeError('Missing parameter name at ' + i)
      tokens.push({ kind: 'name', value: name })
      i += 1 + name.length
    } else {
      tokens.push({ kind: 'text', value: char })
      i += 1
    }
  }

  // Parts: literal strings and params. A "/" just before a param belongs to the param, so
  // "/api/:rest*" also matches "/api" (the whole "/a/b" tail is optional). ("/" is never escaped.)
  const parts = []
  let text = ''
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]
    if (token.kind === '*') throw new TypeError('Unexpected MODIFIER at ' + token.at + ', expected END')
    if (token.kind === 'text') {
      if (token.value !== '/' || tokens[t + 1]?.kind !== 'name') text += token.value
      continue
    }
    const before = tokens[t - 1]
    const prefix = before?.kind === 'text' && before.value === '/' ? '/' : ''
    const repeat = tokens[t + 1]?.kind === '*'
    if (repeat) t++
    if (text) parts.push(text)
    text = ''
    let segment = SEGMENT
    if (!prefix) {
      const last = parts[parts.length - 1]
      if (typeof last === 'object') {
        throw new TypeError('Must have text between two parameters, missing text after "' + last.name + '"')
      }
      // Glued to text without a delimiter ("/:a-:b"), a param may not contain that text.
      if (last !== undefined && !/[/#?]/.test(last)) {
        segment = '(?:(?!' + escapeRegExp(last) + ')[^/#?])+?'
      }
    }
    parts.push({ name: token.value, prefix, repeat, segment })
  }
  if (text) parts.push(text)

  let regexp = '^'
  const keys = []
  for (const part of parts) {
    if (typeof part === 'string') {
      regexp += escapeRegExp(part)
    } else if (part.prefix) {
      regexp += part.repeat
        ? '(?:/(' + part.segment + '(?:/' + part.segment + ')*))?'
        : '(?:/(' + part.segment + '))'
      keys.push(part)
    } else {
      if (part.repeat) throw new TypeError('Can not repeat "' + part.name + '" without a prefix and suffix')
      regexp += '(' + part.segment + ')'
      keys.push(part)
    }
  }
  if (end) {
    regexp += '[/#?]?$'
  } else {
    // A prefix match ends at a delimiter: "/api" matches "/api/x" but not "/apix". Like
    // path-to-regexp, "ends with a delimiter" tests the last character against the source of its
    // delimiter class, so a pattern ending in "[", "]" or "\" counts as delimited too.
    regexp += '(?:[/#?]$)?'
    const last = parts[parts.length - 1]
    const delimited = last === undefined || (typeof last === 'string' && '[/#?]\\'.includes(last.at(-1)))
    if (!delimited) regexp += '(?=[/#?]|$)'
  }
  return { regexp: new RegExp(regexp, 'i'), keys }
}

/** path-to-regexp's match result for a Pages route pattern: { path, params } or false. */
export function matchPath(pattern, path, end) {
  const cacheKey = (end ? 'end:' : 'prefix:') + pattern
  let entry = compiled.get(cacheKey)
  if (!entry) compiled.set(cacheKey, (entry = compile(pattern, end)))
  const found = entry.regexp.exec(path)
  if (!found) return false
  const params = Object.create(null) // as path-to-regexp's: no prototype
  entry.keys.forEach((key, i) => {
    const value = found[i + 1]
    // A catch-all that matched nothing is absent, not an empty array.
    if (value !== undefined) params[key.name] = key.repeat ? value.split('/') : value
  })
  return { path: found[0], params }
}

// --- Request flow -----------------------------------------------------------------------------
const NULL_BODY_STATUSES = [101, 204, 205, 304]

// A fresh Response with the same status and headers, so the caller may change its headers.
const rewrap = (response) =>
  new Response(NULL_BODY_STATUSES.includes(response.status) ? null : response.body, response)

export function createPagesFunctions(routes, fallback = 'ASSETS') {
  // The handlers for one request, in order. Lazy, like the template: a route is matched only
  // when next() gets that far. Routing uses the original URL and method, whatever next() rewrites.
  function* handlersFor(request) {
    const path = new URL(request.url).pathname
    const methodFits = (route) => !route.method || route.method === request.method

    // Middlewares of every route whose path and mount both prefix-match, least specific first,
    // so "/_middleware" wraps "/api/_middleware".
    for (const route of [...routes].reverse()) {
      if (!methodFits(route)) continue
      const routeMatch = matchPath(route.routePath, path, false)
      const mountMatch = matchPath(route.mountPath, path, false)
      if (routeMatch && mountMatch) {
        for (const handler of route.middlewares.flat()) {
          yield { handler, params: routeMatch.params, functionPath: mountMatch.path }
        }
      }
    }

    // Then the modules of the most specific route matching the whole path, and no other's.
    for (const route of routes) {
      if (!methodFits(route)) continue
      const routeMatch = matchPath(route.routePath, path, true)
      const mountMatch = matchPath(route.mountPath, path, false)
      if (routeMatch && mountMatch && route.modules.length > 0) {
        for (const handler of route.modules.flat()) {
          yield { handler, params: routeMatch.params, functionPath: routeMatch.path }
        }
        return
      }
    }
  }

  return {
    async fetch(originalRequest, env, ctx) {
      let request = originalRequest
      const handlers = handlersFor(originalRequest)
      let data = {}
      let failOpen = false

      const next = async (input, init) => {
        if (input !== undefined) {
          const target = typeof input === 'string' ? new URL(input, request.url).toString() : input
          request = new Request(target, init)
        }
        const step = handlers.next()
        if (step.done) {
          // Nothing left to run: serve the static asset (or the origin without a fallback binding).
          return rewrap(await (fallback ? env[fallback].fetch(request) : fetch(request)))
        }
        const { handler, params, functionPath } = step.value
        const context = {
          request: new Request(request.clone()), // each handler may consume its own body
          functionPath,
          next,
          params,
          get data() {
            return data
          },
          set data(value) {
            if (typeof value !== 'object' || value === null) {
              throw new Error('context.data must be an object')
            }
            data = value
          },
          env,
          waitUntil: ctx.waitUntil.bind(ctx),
          passThroughOnException: () => {
            failOpen = true
          }
        }
        const response = await handler(context)
        if (!(response instanceof Response)) {
          throw new Error('Your Pages function should return a Response')
        }
        return rewrap(response)
      }

      try {
        return await next()
      } catch (error) {
        // Fail open only if a handler asked for it; serve the current (maybe rewritten) request.
        if (!failOpen) throw error
        return rewrap(await env[fallback].fetch(request))
      }
    }
  }
}
`;

;// CONCATENATED MODULE: ./lib/fullstack/functions/compile.js
/**
 * Compiles a Pages Functions folder into a Worker the way Pages does: the files' exports give
 * the routes, a generated entry module hands them to the Functions runtime, and esbuild bundles
 * it all, TypeScript and npm imports included.
 */








/** The main module's name in `_worker.bundle`. */
const FUNCTIONS_MAIN_MODULE = 'functionsWorker.js';
/** The Worker of a functions folder, or `undefined` when it has no route. */
async function compileFunctions(options) {
    const paths = await functionFiles(options.functionsDir);
    if (paths.length === 0)
        return undefined;
    const files = await exportsOf(paths, options);
    const routes = deriveRoutes(files);
    if (routes.length === 0)
        return undefined;
    const runtime = (0,external_node_path_.join)(options.tmpDir, 'pages-functions-runtime.mjs');
    const entry = (0,external_node_path_.join)(options.tmpDir, 'functions-entry.mjs');
    await (0,promises_.writeFile)(runtime, FUNCTIONS_RUNTIME_SOURCE);
    await (0,promises_.writeFile)(entry, entrySource(routes, options.functionsDir));
    const outdir = (0,external_node_path_.join)(options.tmpDir, 'functions-out');
    const metafile = (0,external_node_path_.join)(options.tmpDir, 'functions-meta.json');
    const outcome = await runEsbuild(options.esbuild, [
        entry,
        ...bundleFlags(options.compat),
        `--outdir=${outdir}`,
        '--entry-names=functionsWorker',
        `--metafile=${metafile}`
    ], { cwd: options.cwd, signal: options.signal });
    if (!outcome.ok) {
        throw new BuildError(`Compiling the Functions in ${compile_shown(options)}`, withNodeHints(outcome.errors, options.compat));
    }
    // The generated entry and runtime live in the scratch folder; everything else must be the project's.
    await checkBuildInputs(metafile, options.cwd, options.bounds, options.tmpDir, `Compiling the Functions in ${compile_shown(options)}`);
    const { main, modules } = await readOutputs(outdir, 'functionsWorker.js', FUNCTIONS_MAIN_MODULE);
    return { routes, routingConfig: routingConfigJson(routes), main, modules };
}
/**
 * The files that may hold routes, as Cloudflare's tooling finds them: breadth first, each
 * folder's entries in byte order, so that route ties keep the same order.
 */
async function functionFiles(root) {
    const found = [];
    const queue = [root];
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
        const entries = (await (0,promises_.readdir)(dir, { withFileTypes: true })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
        for (const entry of entries) {
            const path = (0,external_node_path_.join)(dir, entry.name);
            if (entry.isDirectory())
                queue.push(path);
            else if (entry.isFile() && isFunctionFile(entry.name)) {
                found.push((0,external_node_path_.relative)(root, path).split('\\').join('/'));
            }
        }
    }
    return found;
}
/** Each file's exports, from one esbuild pass over all of them (no bundling). */
async function exportsOf(paths, options) {
    const outdir = (0,external_node_path_.join)(options.tmpDir, 'exports');
    const metafile = (0,external_node_path_.join)(options.tmpDir, 'exports-meta.json');
    const outcome = await runEsbuild(options.esbuild, [
        ...paths,
        '--format=esm',
        '--loader:.js=jsx',
        '--loader:.mjs=jsx',
        `--outdir=${outdir}`,
        `--outbase=.`,
        `--metafile=${metafile}`
    ], { cwd: options.functionsDir, signal: options.signal });
    if (!outcome.ok) {
        throw new BuildError(`Reading the Functions in ${compile_shown(options)}`, outcome.errors.map((e) => (e.file ? { ...e, file: `${compile_shown(options)}/${e.file}` } : e)));
    }
    const meta = JSON.parse(await (0,promises_.readFile)(metafile, 'utf8'));
    const byEntry = new Map();
    for (const output of Object.values(meta.outputs)) {
        if (output.entryPoint)
            byEntry.set(output.entryPoint, output.exports ?? []);
    }
    return paths.map((path) => ({ path, exports: [...(byEntry.get(path) ?? [])].sort() }));
}
/** The entry module: every handler imported by absolute path, the routes handed to the runtime. */
function entrySource(routes, functionsDir) {
    const imports = [
        `import { createPagesFunctions } from ${JSON.stringify('./pages-functions-runtime.mjs')}`
    ];
    const names = new Map();
    const handler = (reference) => {
        const existing = names.get(reference);
        if (existing)
            return existing;
        const colon = reference.lastIndexOf(':');
        const file = (0,external_node_path_.join)(functionsDir, reference.slice(0, colon));
        const exported = reference.slice(colon + 1);
        const local = `handler${names.size}`;
        names.set(reference, local);
        imports.push(`import { ${exported} as ${local} } from ${JSON.stringify(file)}`);
        return local;
    };
    const table = routes.map((route) => {
        const middlewares = (route.middleware ?? []).map(handler);
        const modules = (route.module ?? []).map(handler);
        return `  { routePath: ${JSON.stringify(route.routePath)}, mountPath: ${JSON.stringify(route.mountPath)}, method: ${JSON.stringify(route.method)}, middlewares: [${middlewares.join(', ')}], modules: [${modules.join(', ')}] }`;
    });
    return `${imports.join('\n')}\n\nexport default createPagesFunctions([\n${table.join(',\n')}\n])\n`;
}
function compile_shown(options) {
    return (0,external_node_path_.relative)(options.cwd, options.functionsDir).split('\\').join('/') || 'functions';
}

;// CONCATENATED MODULE: ./lib/fullstack/functions/routes-json.js
/** Cloudflare's limits: rules in all, and characters per rule. */
const MAX_ROUTE_RULES = 100;
const MAX_RULE_LENGTH = 100;
const GENERATED_DESCRIPTION = 'Generated by pages-pilot';
/** An invalid `_routes.json`; the message names the rule and what Cloudflare requires. */
class RoutesJsonError extends Error {
    constructor(file, problem) {
        super(`${file} is not a valid _routes.json: ${problem}`);
        this.name = 'RoutesJsonError';
    }
}
/**
 * The `_routes.json` for Functions routes: each route becomes a rule (parameters and what
 * follows them become `*`; a middleware covers everything below its folder), rules covered by
 * a broader `…/*` are dropped, and more than 100 rules become `/*`.
 */
function generateRoutesJson(routes) {
    const rules = [];
    for (const route of [...routes].reverse()) {
        let rule = route.routePath.replace(/:\w+\*?.*/, '*');
        if (route.middleware && route.middleware.length > 0 && !rule.endsWith('*')) {
            rule = rule === '/' ? '/*' : `${rule}/*`;
        }
        if (!rules.includes(rule))
            rules.push(rule);
    }
    let include = consolidate(rules);
    if (include.length > MAX_ROUTE_RULES)
        include = ['/*'];
    include.sort(leastSpecificFirst);
    return { version: 1, description: GENERATED_DESCRIPTION, include, exclude: [] };
}
/** The text to send for a generated `_routes.json`. */
function routesJsonText(spec) {
    return JSON.stringify(spec, null, 2);
}
/**
 * Checks an output folder's `_routes.json` (`text`, read from `file`) against Cloudflare's
 * rules; returns it parsed, or throws a {@link RoutesJsonError} naming the problem.
 */
function validateRoutesJson(text, file) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new RoutesJsonError(file, `it is not JSON (${error.message}).`);
    }
    const spec = parsed;
    if (typeof spec !== 'object' ||
        spec === null ||
        spec.version !== 1 ||
        !Array.isArray(spec.include) ||
        !Array.isArray(spec.exclude)) {
        throw new RoutesJsonError(file, 'it must be an object { "version": 1, "include": [rules], "exclude": [rules] }.');
    }
    const include = spec.include;
    const exclude = spec.exclude;
    for (const rule of [...include, ...exclude]) {
        if (typeof rule !== 'string') {
            throw new RoutesJsonError(file, `the rule ${JSON.stringify(rule)} is not a string.`);
        }
    }
    const strings = { include: include, exclude: exclude };
    if (strings.include.length === 0) {
        throw new RoutesJsonError(file, 'it needs at least one include rule.');
    }
    const total = strings.include.length + strings.exclude.length;
    if (total > MAX_ROUTE_RULES) {
        throw new RoutesJsonError(file, `it has ${total} rules; Cloudflare allows at most ${MAX_ROUTE_RULES} include and exclude rules combined.`);
    }
    for (const rule of [...strings.include, ...strings.exclude]) {
        if (rule.length > MAX_RULE_LENGTH) {
            throw new RoutesJsonError(file, `the rule "${rule.slice(0, 40)}…" is ${rule.length} characters long; each rule may have at most ${MAX_RULE_LENGTH}.`);
        }
        if (!rule.startsWith('/')) {
            throw new RoutesJsonError(file, `the rule "${rule}" does not start with '/'; every rule must.`);
        }
    }
    for (const [list, rules] of Object.entries(strings)) {
        const overlap = findOverlap(rules);
        if (overlap) {
            throw new RoutesJsonError(file, `in ${list}, "${overlap[0]}" already covers "${overlap[1]}"; rules ending in /* must not overlap other rules.`);
        }
    }
    return {
        version: 1,
        ...(typeof parsed.description === 'string'
            ? { description: parsed.description }
            : {}),
        ...strings
    };
}
/** A `…/*` rule and another rule it covers, if any. */
function findOverlap(rules) {
    for (const broad of rules) {
        if (!broad.endsWith('/*'))
            continue;
        const prefix = broad.slice(0, -1);
        const covered = rules.find((rule) => rule !== broad && rule.startsWith(prefix));
        if (covered)
            return [broad, covered];
    }
    return undefined;
}
/** Rules cut to 100 characters, and every rule a broader `…/*` rule covers dropped. */
function consolidate(rules) {
    let result = [...new Set(rules.map(shorten))];
    for (const broad of [...result]) {
        if (!broad.endsWith('/*') || !result.includes(broad))
            continue;
        const prefix = broad.slice(0, -1);
        result = result.filter((rule) => rule === broad || !rule.startsWith(prefix));
    }
    return result;
}
/** A rule over the length limit becomes its longest `…/*` prefix within it. */
function shorten(rule) {
    let current = rule;
    while (current.length > MAX_RULE_LENGTH) {
        const cut = current.lastIndexOf('/', MAX_RULE_LENGTH - 2);
        if (cut <= 0)
            return '/*';
        current = `${current.slice(0, cut)}/*`;
    }
    return current;
}
/** Fewer segments first; at a wildcard difference the wildcard first; then reverse order. */
function leastSpecificFirst(a, b) {
    const left = a.slice(1).split('/').filter(Boolean);
    const right = b.slice(1).split('/').filter(Boolean);
    if (left.length !== right.length)
        return left.length - right.length;
    for (let i = 0; i < left.length; i++) {
        const x = (left[i] ?? '').includes('*');
        const y = (right[i] ?? '').includes('*');
        if (x !== y)
            return x ? -1 : 1;
    }
    return b.localeCompare(a);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./lib/fullstack/worker-bundle.js
/**
 * `_worker.bundle`: the Worker of a Pages deployment, sent as one file of the deployment form.
 * It is itself a multipart body: a `metadata` part (JSON: the main module, and with a wrangler
 * configuration its compatibility settings and bindings) always first, then the main module,
 * then the other modules, each with its type's content type.
 */


/** The metadata JSON, `main_module` first, as wrangler writes it. */
function metadataOf(bundle) {
    return JSON.stringify({ main_module: bundle.main.name, ...(bundle.metadata ?? {}) });
}
/** The multipart body of `_worker.bundle`. */
function workerBundleBody(bundle, boundary = newBoundary()) {
    const parts = [
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${metadataOf(bundle)}\r\n`)
    ];
    for (const module of [bundle.main, ...bundle.modules]) {
        const name = escapeName(module.name);
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: ${MODULE_CONTENT_TYPE[module.type]}\r\n\r\n`), module.content, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return Buffer.concat(parts);
}
/** Total bytes of the Worker's modules, and gzipped (the measure of Cloudflare's size limit). */
function workerSize(bundle) {
    return [bundle.main, ...bundle.modules].reduce((sum, m) => sum + m.content.length, 0);
}
function newBoundary() {
    return `----pages-pilot-worker-${(0,external_node_crypto_.randomBytes)(12).toString('hex')}`;
}
/** As browsers and undici escape names in form-data headers. */
function escapeName(name) {
    return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

;// CONCATENATED MODULE: ./lib/fullstack/build.js
/**
 * The Worker of a Direct Upload, when the project has one: a `_worker.js` in the output folder
 * (advanced mode), or else a `functions/` folder in the working directory (Pages Functions).
 * Returns what the deployment form carries besides the assets: `_worker.bundle`, the routing
 * config of Functions, and `_routes.json`.
 */












/** Cloudflare's limit on a Worker's compressed size, on every plan (Workers Paid). */
const MAX_WORKER_GZIP_BYTES = 10 * 1024 * 1024;
/** The Workers Free plan's limit. */
const FREE_WORKER_GZIP_BYTES = 3 * 1024 * 1024;
/** A Worker over Cloudflare's size limit; the message names the limit. */
class WorkerTooLargeError extends Error {
    constructor(gzipBytes) {
        super(`the Worker is ${mib(gzipBytes)} compressed, over Cloudflare's limit of ${mib(MAX_WORKER_GZIP_BYTES)} (${mib(FREE_WORKER_GZIP_BYTES)} on the Workers Free plan), so it was not uploaded. Make it smaller: drop unused dependencies, or move large data to assets or R2.`);
        this.name = 'WorkerTooLargeError';
    }
}
async function buildWorker(options) {
    const workerPath = (0,external_node_path_.join)(options.outputDir, '_worker.js');
    const worker = await kindOf(workerPath);
    const functionsDir = (0,external_node_path_.join)(options.workingDirectory, 'functions');
    const hasFunctions = (await kindOf(functionsDir)) === 'directory';
    if (worker === undefined && !hasFunctions)
        return undefined;
    const outputRoot = await (0,promises_.realpath)(options.outputDir);
    // The Worker's own files follow the output folder's symlink rule before anything reads them.
    if (worker !== undefined)
        await refuseOutsideLink(workerPath, outputRoot);
    const bounds = await projectBounds(options);
    const tmpDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pages-pilot-worker-'));
    try {
        let kind;
        let main;
        let modules;
        let routingConfig;
        let routes;
        let generated;
        if (worker !== undefined) {
            if (hasFunctions) {
                options.notice('The output folder has a _worker.js, so it is the Worker (advanced mode) and functions/ is not compiled.');
            }
            const built = await buildAdvancedWorker({
                workerPath,
                isDirectory: worker === 'directory',
                bundle: options.bundle,
                esbuild: options.esbuild,
                cwd: options.workingDirectory,
                tmpDir,
                compat: options.compat,
                signal: options.signal,
                outputRoot,
                bounds
            });
            // Source maps are left out without a word, as wrangler leaves them: frameworks write them.
            const ignored = built.ignored.filter((name) => !name.endsWith('.map'));
            if (ignored.length > 0) {
                options.warn(`_worker.js/ holds files that are not Worker modules and were not uploaded: ${ignored.slice(0, 10).join(', ')}${ignored.length > 10 ? ', …' : ''}. Modules are .js and .mjs (ES modules), .wasm, .txt, .html, .sql and .bin.`);
            }
            kind = 'advanced';
            ({ main, modules } = built);
        }
        else {
            const built = await compileFunctions({
                functionsDir,
                cwd: options.workingDirectory,
                esbuild: await options.esbuild(),
                tmpDir,
                compat: options.compat,
                signal: options.signal,
                bounds
            });
            if (!built) {
                options.warn('functions/ has no route (no file exports onRequest or onRequestGet, onRequestPost, …), so the site is deployed without Functions.');
                return undefined;
            }
            kind = 'functions';
            ({ main, modules, routingConfig } = built);
            routes = built.routes.length;
            generated = routesJsonText(generateRoutesJson(built.routes));
        }
        await checkNodeImports([main, ...modules], options.compat, async () => {
            // Without esbuild (a Worker sent unbundled, offline), the check can only warn.
            const esbuild = await options.esbuild().catch((error) => {
                if (options.signal?.aborted)
                    throw error;
                return undefined;
            });
            return esbuild === undefined
                ? undefined
                : loadTimeImports(main, modules, esbuild, tmpDir, options.signal);
        }, options.warn);
        const custom = await customRoutesJson(options.outputDir, outputRoot);
        const routesJson = custom ?? generated;
        const bundle = { main, modules, metadata: options.metadata };
        const all = [main, ...modules].map((module) => module.content);
        const bytes = all.reduce((sum, content) => sum + content.length, 0);
        const gzipBytes = (0,external_node_zlib_.gzipSync)(Buffer.concat(all)).length;
        if (gzipBytes > MAX_WORKER_GZIP_BYTES)
            throw new WorkerTooLargeError(gzipBytes);
        if (gzipBytes > FREE_WORKER_GZIP_BYTES) {
            options.warn(`The Worker is ${mib(gzipBytes)} compressed: over the Workers Free plan's ${mib(FREE_WORKER_GZIP_BYTES)}, so it deploys only on Workers Paid.`);
        }
        return {
            kind,
            bundle,
            body: workerBundleBody(bundle),
            routingConfig,
            routes,
            routesJson,
            routesCustom: custom !== undefined,
            bytes,
            gzipBytes
        };
    }
    finally {
        await (0,promises_.rm)(tmpDir, { recursive: true, force: true });
    }
}
/** The output folder's own `_routes.json`, checked, or `undefined` when it has none. */
async function customRoutesJson(outputDir, outputRoot) {
    const file = (0,external_node_path_.join)(outputDir, '_routes.json');
    if ((await kindOf(file)) !== 'file')
        return undefined;
    await refuseOutsideLink(file, outputRoot);
    const text = await (0,promises_.readFile)(file, 'utf8');
    validateRoutesJson(text, '_routes.json');
    return text;
}
/** A special file that is a symlink must point inside the output folder, as assets must. */
async function refuseOutsideLink(path, outputRoot) {
    if (!(await (0,promises_.lstat)(path)).isSymbolicLink())
        return;
    await symlinkTarget(path, outputRoot, 'the output folder', (0,external_node_path_.basename)(path));
}
async function kindOf(path) {
    try {
        const stats = await (0,promises_.stat)(path);
        if (stats.isDirectory())
            return 'directory';
        // An empty _worker.js is no Worker, as Cloudflare's tooling treats it.
        if (stats.isFile() && stats.size > 0)
            return 'file';
        return undefined;
    }
    catch {
        return undefined;
    }
}
function mib(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

// EXTERNAL MODULE: ./node_modules/hash-wasm/dist/blake3.umd.min.js
var blake3_umd_min = __webpack_require__(3894);
;// CONCATENATED MODULE: ./lib/upload/hash.js
/**
 * The Pages asset hash, as Cloudflare's Direct Upload expects it: BLAKE3 over the base64 text
 * of the content followed by the file's extension without its dot, as hex, first 32 characters.
 *
 * The hash runs on hash-wasm's WebAssembly BLAKE3: portable to every runner (no native binary
 * per platform in dist/), and its incremental hashing runs at full speed, which streaming needs.
 */





/**
 * Bytes of content encoded per step. A multiple of 3, so that each step's base64 has no padding
 * and the concatenation of the steps' base64 equals the base64 of the whole content.
 */
const HASH_CHUNK_BYTES = 3 * 256 * 1024;
/** Characters of the hex digest Cloudflare keeps. */
const HASH_HEX_LENGTH = 32;
/** The extension that goes into the hash: after the last dot of the base name, without it. */
function assetExtension(fileName) {
    return external_node_path_.posix.extname(fileName.replace(/\\/g, '/')).slice(1);
}
/**
 * Computes Pages asset hashes. Create one with {@link PagesHasher.create} (WebAssembly is
 * instantiated asynchronously) and reuse it: whole-buffer hashing is synchronous, and
 * concurrent streaming hashes each borrow their own BLAKE3 state from a small pool.
 */
class PagesHasher {
    main;
    idle = [];
    /** Read buffers of {@link HASH_CHUNK_BYTES}, reused across files to spare the GC. */
    buffers = [];
    /** The buffer whole small files are read into by {@link hashSmallFileSync}. */
    wholeBuffer;
    constructor(main) {
        this.main = main;
    }
    static async create() {
        return new PagesHasher(await newState());
    }
    /** The hash of `content` stored as `fileName` (a base name or a manifest path). */
    hash(content, fileName) {
        const stream = new PagesHashStream(this.main, fileName);
        stream.update(content);
        return stream.digest();
    }
    /**
     * An incremental hash: feed the content in pieces of any size, then `digest()`. The caller
     * must call `digest()` or `abandon()` so that the BLAKE3 state returns to the pool.
     */
    async stream(fileName) {
        const state = this.idle.pop() ?? (await newState());
        return new PagesHashStream(state, fileName, (done) => this.idle.push(done));
    }
    /**
     * A BLAKE3 state of the pool kept for one caller's hashes, one after another (the files of
     * an upload request), so that each can start synchronously. Call `release()` when done.
     */
    async reserve() {
        const state = this.idle.pop() ?? (await newState());
        let released = false;
        return {
            start: (fileName) => {
                if (released)
                    throw new Error('HashLease: start() after release()');
                return new PagesHashStream(state, fileName);
            },
            release: () => {
                if (released)
                    return;
                released = true;
                this.idle.push(state);
            }
        };
    }
    /**
     * Hashes a file from disk. Files up to {@link WHOLE_READ_BYTES} are read in one call (the
     * cheapest for the many small files of a site); larger ones in {@link HASH_CHUNK_BYTES}
     * pieces, so memory stays bounded whatever the file's size. `fileName` decides the
     * extension (pass the manifest path); `size` is a hint from an earlier `stat`.
     */
    async hashFile(absolutePath, fileName = absolutePath, size) {
        if (size !== undefined && size <= WHOLE_READ_BYTES) {
            return this.hash(await (0,promises_.readFile)(absolutePath), fileName);
        }
        const file = await (0,promises_.open)(absolutePath, 'r');
        const stream = await this.stream(fileName);
        const buffer = this.buffers.pop() ?? Buffer.allocUnsafe(HASH_CHUNK_BYTES);
        try {
            for (;;) {
                const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
                if (bytesRead === 0)
                    break;
                stream.update(buffer.subarray(0, bytesRead));
            }
            return stream.digest();
        }
        catch (error) {
            stream.abandon();
            throw error;
        }
        finally {
            this.buffers.push(buffer);
            await file.close();
        }
    }
    /**
     * Reads a file of at most {@link WHOLE_READ_BYTES} synchronously into a reused buffer and
     * hashes it; undefined when the file turns out to be larger (the caller streams it then).
     */
    hashSmallFileSync(absolutePath, fileName = absolutePath) {
        // One byte more than the limit, to tell a file of exactly the limit from a larger one.
        this.wholeBuffer ??= Buffer.allocUnsafe(WHOLE_READ_BYTES + 1);
        const buffer = this.wholeBuffer;
        const fd = (0,external_node_fs_.openSync)(absolutePath, 'r');
        let length = 0;
        try {
            for (;;) {
                const bytesRead = (0,external_node_fs_.readSync)(fd, buffer, length, buffer.length - length, null);
                if (bytesRead === 0)
                    break;
                length += bytesRead;
                if (length === buffer.length)
                    return undefined;
            }
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
        return this.hash(buffer.subarray(0, length), fileName);
    }
}
/** Files up to this size are read whole before hashing. */
const WHOLE_READ_BYTES = 4 * HASH_CHUNK_BYTES;
async function newState() {
    return {
        blake3: await blake3_umd_min.createBLAKE3(),
        text: Buffer.allocUnsafe((HASH_CHUNK_BYTES / 3) * 4)
    };
}
/**
 * One incremental Pages hash. Base64 works on groups of 3 bytes, so up to 2 bytes of each
 * piece are carried over to the next one; the last group is encoded (with padding) at the end.
 */
class PagesHashStream {
    state;
    fileName;
    release;
    carry = Buffer.alloc(0);
    finished = false;
    constructor(state, fileName, release) {
        this.state = state;
        this.fileName = fileName;
        this.release = release;
        state.blake3.init();
    }
    /** Adds the next piece of the content. */
    update(piece) {
        if (this.finished)
            throw new Error('PagesHashStream: update() after digest()');
        let rest = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        if (this.carry.length > 0) {
            const need = 3 - this.carry.length;
            if (rest.length < need) {
                this.carry = Buffer.concat([this.carry, rest]);
                return;
            }
            this.add(Buffer.concat([this.carry, rest.subarray(0, need)]));
            rest = rest.subarray(need);
        }
        const whole = rest.length - (rest.length % 3);
        for (let offset = 0; offset < whole; offset += HASH_CHUNK_BYTES) {
            this.add(rest.subarray(offset, Math.min(whole, offset + HASH_CHUNK_BYTES)));
        }
        // Copied: the caller may reuse its buffer for the next piece.
        this.carry = Buffer.from(rest.subarray(whole));
    }
    /**
     * Adds the next piece as its base64 text, for a caller that encodes the content anyway (to
     * send it). Each piece but the last must be the encoding of a multiple of 3 bytes, so that
     * no padding falls in the middle; it cannot follow an `update()` that left bytes over.
     */
    updateBase64(text) {
        if (this.finished)
            throw new Error('PagesHashStream: update() after digest()');
        if (this.carry.length > 0) {
            throw new Error('PagesHashStream: updateBase64() after update() left bytes over');
        }
        const { text: buffer, blake3 } = this.state;
        for (let offset = 0; offset < text.length; offset += buffer.length) {
            const length = buffer.write(text.slice(offset, offset + buffer.length), 'latin1');
            blake3.update(buffer.subarray(0, length));
        }
    }
    /** The hash: 32 lowercase hex characters. Ends the stream. */
    digest() {
        if (this.finished)
            throw new Error('PagesHashStream: digest() called twice');
        if (this.carry.length > 0)
            this.add(this.carry);
        this.state.blake3.update(assetExtension(this.fileName));
        const hex = this.state.blake3.digest('hex').slice(0, HASH_HEX_LENGTH);
        this.end();
        return hex;
    }
    /** Gives up on the hash (after a read error) and frees its state. */
    abandon() {
        if (!this.finished)
            this.end();
    }
    /** Hashes the base64 text of `bytes` (at most {@link HASH_CHUNK_BYTES}). */
    add(bytes) {
        const { text, blake3 } = this.state;
        const length = text.write(bytes.toString('base64'), 'latin1');
        blake3.update(text.subarray(0, length));
    }
    end() {
        this.finished = true;
        this.release?.(this.state);
    }
}
let shared;
/** A process-wide hasher, created on first use. */
function sharedPagesHasher() {
    shared ??= PagesHasher.create();
    return shared;
}
/**
 * The Pages hash of `content` stored as `fileName`. Asynchronous only because the WebAssembly
 * is instantiated on first use; loops should `await sharedPagesHasher()` once and call `hash`.
 */
async function pagesAssetHash(content, fileName) {
    return (await sharedPagesHasher()).hash(content, fileName);
}
/**
 * Longest stretch of synchronous hashing before {@link hashFiles} lets the event loop run, so
 * that signals (SIGINT, cancellation) and timers are served while a large site is hashed.
 */
const hash_YIELD_EVERY_MS = 50;
/**
 * Hashes `files`; returns them with their `hash`, in the same order. Files up to
 * {@link WHOLE_READ_BYTES} (by the size the walk saw) are read and hashed synchronously, one
 * after another into one reused buffer: for the many small files of a site, the promise and
 * thread-pool round trips of asynchronous reads cost more than the reads. The event loop gets
 * a turn every {@link YIELD_EVERY_MS}, and `signal` is checked between files. Larger files are
 * streamed in the meantime, `concurrency` at a time.
 */
async function hashFiles(files, options = {}) {
    const { signal } = options;
    const hasher = options.hasher ?? (await sharedPagesHasher());
    const concurrency = Math.max(1, options.concurrency ?? 8);
    const hashes = new Array(files.length);
    const small = [];
    const large = [];
    for (const [index, file] of files.entries()) {
        ;
        (file.size <= WHOLE_READ_BYTES ? small : large).push(index);
    }
    let failed = false;
    let next = 0;
    async function worker() {
        for (;;) {
            if (signal?.aborted)
                throw new canceled/* CanceledError */.k();
            if (failed)
                return;
            const index = large[next++];
            const file = index === undefined ? undefined : files[index];
            if (index === undefined || !file)
                return;
            hashes[index] = await hasher.hashFile(file.absolutePath, file.path, file.size);
        }
    }
    const streamed = Promise.all(Array.from({ length: Math.min(concurrency, large.length) }, worker)).catch((error) => {
        failed = true;
        throw error;
    });
    // Rejections are collected below; this keeps an early one from being reported as unhandled.
    streamed.catch(() => undefined);
    try {
        let sliceStart = performance.now();
        for (const index of small) {
            if (signal?.aborted)
                throw new canceled/* CanceledError */.k();
            if (failed)
                break;
            const file = files[index];
            if (!file)
                continue;
            // Undefined when the file grew past the whole-read size since the walk: streamed then.
            hashes[index] =
                hasher.hashSmallFileSync(file.absolutePath, file.path) ??
                    (await hasher.hashFile(file.absolutePath, file.path));
            if (performance.now() - sliceStart >= hash_YIELD_EVERY_MS) {
                await yieldToEventLoop();
                sliceStart = performance.now();
            }
        }
    }
    catch (error) {
        failed = true;
        throw error;
    }
    await streamed;
    if (signal?.aborted)
        throw new canceled/* CanceledError */.k();
    return files.map((file, index) => ({ ...file, hash: hashes[index] ?? '' }));
}
/** Lets pending I/O callbacks, timers and signal handlers run. */
function yieldToEventLoop() {
    return new Promise((resolve) => setImmediate(resolve));
}

// EXTERNAL MODULE: ./lib/cloudflare/errors.js
var errors = __webpack_require__(6632);
// EXTERNAL MODULE: ./lib/cloudflare/types.js
var types = __webpack_require__(1334);
;// CONCATENATED MODULE: ./lib/upload/buckets.js
/**
 * Groups the files to upload into `POST /pages/assets/upload` requests ("buckets"), largest
 * files first, within Cloudflare's per-request limits.
 */
/** 40 MiB and 2,000 files per request, as wrangler sends them. */
const DEFAULT_BUCKET_LIMITS = {
    maxBytes: 40 * 1024 * 1024,
    maxFiles: 2_000
};
/**
 * Plans the buckets: each file once (the first of several with the same hash, since content is
 * stored by hash), largest first, in the first bucket with room for it ("first fit
 * decreasing"), so that big files spread over the first buckets and tiny ones fill the gaps.
 * A file larger than `maxBytes` gets a bucket of its own rather than being dropped.
 * Pure and deterministic: equal sizes are ordered by hash.
 */
function planBuckets(files, limits = DEFAULT_BUCKET_LIMITS) {
    if (limits.maxFiles < 1 || limits.maxBytes < 1)
        throw new Error('bucket limits must be positive');
    const seen = new Set();
    const unique = [];
    for (const file of files) {
        if (seen.has(file.hash))
            continue;
        seen.add(file.hash);
        unique.push(file);
    }
    unique.sort((a, b) => b.size - a.size || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    const buckets = [];
    // Buckets that still have room for another file; full ones leave the list so that many
    // tiny files do not scan every bucket each time.
    const open = [];
    for (const file of unique) {
        const index = open.findIndex((b) => b.bytes + file.size <= limits.maxBytes);
        let bucket = index >= 0 ? open[index] : undefined;
        if (!bucket) {
            bucket = { files: [], bytes: 0 };
            buckets.push(bucket);
            open.push(bucket);
        }
        bucket.files.push(file);
        bucket.bytes += file.size;
        if (bucket.files.length >= limits.maxFiles || bucket.bytes >= limits.maxBytes) {
            open.splice(open.indexOf(bucket), 1);
        }
    }
    return buckets;
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./lib/upload/upload-body.js
/**
 * The body of one `POST /pages/assets/upload` request, produced as it is sent:
 *
 *   [{"key":"<hash>","value":"<base64>","metadata":{"contentType":"<type>"},"base64":true},...]
 *
 * Files are read from disk as the request consumes the body, in pieces of
 * {@link UPLOAD_CHUNK_BYTES} (a multiple of 3, so each piece's base64 needs no padding), so a
 * request in flight holds about one piece rather than its whole bucket (3 × 40 MiB of files,
 * their base64 and the JSON text, before). The exact length is known before the first byte:
 * base64 of `n` bytes is `4 * ceil(n / 3)` characters, and everything else is ASCII.
 *
 * Each file is hashed as it is read (when a hasher is given), so it is read once, not once to
 * hash and once to send: a file whose content or size no longer matches what was planned
 * fails the stream before the request's last bytes, and Cloudflare never gets a complete body.
 */




/** Bytes of a file read and encoded at a time. */
const UPLOAD_CHUNK_BYTES = HASH_CHUNK_BYTES;
/** Small files' JSON is gathered into pushes of about this many characters. */
const PUSH_BYTES = 256 * 1024;
/** Opens files with `fs.openSync`; reads are synchronous, see {@link UploadBody}. */
function openFileSync(absolutePath) {
    const fd = (0,external_node_fs_.openSync)(absolutePath, 'r');
    return {
        read: (buffer, offset, length) => (0,external_node_fs_.readSync)(fd, buffer, offset, length, null),
        close: () => (0,external_node_fs_.closeSync)(fd)
    };
}
/**
 * A request body over `files`. `open()` gives a new stream for each attempt; `failure` is the
 * error the last stream failed with on its own (an unreadable or changed file, cancellation),
 * as opposed to the network failing under it.
 *
 * Reads are synchronous, in pieces of at most {@link UPLOAD_CHUNK_BYTES}: the stream produces
 * data only when the connection has room for it, so the event loop gets a turn between pieces,
 * and a synchronous read of a file the build just wrote (in the page cache) costs far less
 * than the promise and thread-pool round trips of an asynchronous one, over thousands of files.
 */
class UploadBody {
    files;
    options;
    length;
    failure;
    heads;
    tails;
    constructor(files, options) {
        this.files = files;
        this.options = options;
        this.heads = files.map((file, index) => `${index === 0 ? '[' : ','}{"key":${asciiJson(file.hash)},"value":"`);
        this.tails = files.map((file) => `","metadata":{"contentType":${asciiJson(file.contentType)}},"base64":true}`);
        let length = files.length === 0 ? 2 : 1; // `[]`, or the closing `]`
        for (const [index, file] of files.entries()) {
            length += (this.heads[index]?.length ?? 0) + base64Length(file.size);
            length += this.tails[index]?.length ?? 0;
        }
        this.length = length;
    }
    /** A fresh stream of the whole body. */
    open() {
        this.failure = undefined;
        return new BodyStream(this, this.files, this.heads, this.tails, this.options);
    }
}
class BodyStream extends external_node_stream_.Readable {
    body;
    files;
    heads;
    tails;
    options;
    next = 0;
    current;
    done = false;
    buffer = Buffer.allocUnsafe(UPLOAD_CHUNK_BYTES);
    onAbort = () => this.destroy(new canceled/* CanceledError */.k());
    constructor(body, files, heads, tails, options) {
        super();
        this.body = body;
        this.files = files;
        this.heads = heads;
        this.tails = tails;
        this.options = options;
        options.signal?.addEventListener('abort', this.onAbort, { once: true });
    }
    _read() {
        try {
            this.produce();
        }
        catch (error) {
            this.destroy(error instanceof Error ? error : new Error(String(error)));
        }
    }
    /** Pushes the body until the stream's buffer is full or the body is complete. */
    produce() {
        let pending = '';
        const flush = () => {
            if (pending.length === 0)
                return true;
            const more = this.push(Buffer.from(pending, 'latin1'));
            pending = '';
            return more;
        };
        while (!this.done) {
            if (this.options.signal?.aborted)
                throw new canceled/* CanceledError */.k();
            if (!this.current) {
                const index = this.next;
                const file = this.files[index];
                if (!file) {
                    pending += this.files.length === 0 ? '[]' : ']';
                    this.done = true;
                    break;
                }
                this.next++;
                let handle;
                try {
                    handle = (this.options.openFile ?? openFileSync)(file.absolutePath);
                }
                catch (error) {
                    throw this.options.fileError(file, 'unreadable', error);
                }
                this.current = { file, handle, hash: this.options.hashes?.start(file.path), bytesRead: 0 };
                pending += this.heads[index] ?? '';
            }
            const open = this.current;
            const length = this.fill(open);
            if (length > 0) {
                const text = this.buffer.toString('base64', 0, length);
                open.hash?.updateBase64(text);
                pending += text;
            }
            if (length < this.buffer.length) {
                // The end of the file: it must be what was planned before the JSON closes.
                this.closeCurrent();
                const digest = open.hash?.digest();
                if (open.bytesRead !== open.file.size ||
                    (digest !== undefined && digest !== open.file.hash)) {
                    throw this.options.fileError(open.file, 'changed');
                }
                pending += this.tails[this.next - 1] ?? '';
            }
            if (pending.length >= PUSH_BYTES && !flush())
                return;
        }
        flush();
        if (this.done)
            this.push(null);
    }
    /** Fills the buffer from the current file; fewer bytes than its size means the end. */
    fill(open) {
        let length = 0;
        while (length < this.buffer.length) {
            let read;
            try {
                read = open.handle.read(this.buffer, length, this.buffer.length - length);
            }
            catch (error) {
                throw this.options.fileError(open.file, 'unreadable', error);
            }
            if (read === 0)
                break;
            length += read;
            open.bytesRead += read;
            if (open.bytesRead > open.file.size)
                throw this.options.fileError(open.file, 'changed');
        }
        return length;
    }
    closeCurrent() {
        const open = this.current;
        if (!open)
            return;
        this.current = undefined;
        try {
            open.handle.close();
        }
        catch {
            // Read to its end already; nothing to lose.
        }
    }
    _destroy(error, callback) {
        this.options.signal?.removeEventListener('abort', this.onAbort);
        const open = this.current;
        this.closeCurrent();
        open?.hash?.abandon();
        if (error && !this.done)
            this.body.failure ??= error;
        callback(error);
    }
}
/** Characters of the base64 text of `bytes` bytes, padding included. */
function base64Length(bytes) {
    return 4 * Math.ceil(bytes / 3);
}
/** JSON text of `value` with every non-ASCII character escaped, so characters are bytes. */
function asciiJson(value) {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

;// CONCATENATED MODULE: ./lib/upload/uploader.js
/**
 * The Direct Upload protocol client: upload token (a JWT), `check-missing`, `upload` in
 * buckets, `upsert-hashes`. Only the files Cloudflare does not already have are sent; a
 * redeploy of an unchanged folder sends none. Each bucket's files are read from disk as its
 * request body is sent (see {@link UploadBody}), so memory is bounded by a few pieces per
 * request in flight, not by the buckets or the site.
 */








/**
 * Reads the claims of an upload token. The payload is base64url JSON; the signature is
 * Cloudflare's business, so it is not checked.
 */
function decodeUploadToken(jwt) {
    const payload = jwt.split('.')[1];
    let claims = {};
    try {
        const parsed = payload ? JSON.parse(Buffer.from(payload, 'base64url').toString()) : {};
        if (typeof parsed === 'object' && parsed !== null)
            claims = parsed;
    }
    catch {
        // An unreadable payload: fall back to the defaults and let the API judge the token.
    }
    const max = claims.max_file_count_allowed;
    const exp = claims.exp;
    return {
        jwt,
        maxFileCount: typeof max === 'number' && max > 0 ? max : DEFAULT_MAX_FILES,
        expiresAtMs: typeof exp === 'number' ? exp * 1000 : undefined
    };
}
/** The upload cannot go on; the message says why. */
class UploadError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'UploadError';
    }
}
/** Uploads the assets of one deployment. */
class AssetUploader {
    options;
    token;
    pendingToken;
    /** Set by a 524: wrangler's cue to send one bucket at a time. */
    gatewayTimedOut = false;
    lastReportMs = Number.NEGATIVE_INFINITY;
    counts = {
        found: 0,
        alreadyUploaded: 0,
        toUpload: 0,
        uploaded: 0,
        bytesTotal: 0,
        bytesUploaded: 0
    };
    constructor(options) {
        this.options = options;
    }
    /** The current upload token, fetched on first use and replaced when about to expire. */
    async getUploadToken() {
        const current = this.token ?? (await this.renewToken(undefined));
        return this.nearExpiry(current) ? this.renewToken(current.jwt) : current;
    }
    /** The hashes among `hashes` that Cloudflare does not have yet. */
    async checkMissing(hashes) {
        if (hashes.length === 0)
            return [];
        const asked = new Set(hashes);
        const missing = await this.withRetries('check which files are missing', (jwt) => this.options.api.postAssets(ASSETS_PATHS.checkMissing, jwt, { hashes: [...asked] }, 'check which files are missing'));
        return [...new Set(missing ?? [])].filter((hash) => asked.has(hash));
    }
    /**
     * Tells Cloudflare that the deployment uses `hashes` (all of the manifest's): tried twice,
     * a second apart, as wrangler does. This only speeds up the next deployment's check-missing,
     * so its failure is for the caller to report, not to fail the deployment.
     */
    async upsertHashes(hashes) {
        if (hashes.length === 0)
            return;
        await this.withRetries('record the uploaded hashes', (jwt) => this.options.api.postAssets(ASSETS_PATHS.upsertHashes, jwt, { hashes: [...new Set(hashes)] }, 'record the uploaded hashes'), UPSERT_RETRY_POLICY);
    }
    /** check-missing, upload what is missing in buckets, upsert-hashes. */
    async upload(assets) {
        const token = await this.getUploadToken();
        if (assets.length > token.maxFileCount) {
            throw new UploadError(`The deployment has ${assets.length.toLocaleString('en-US')} files; Cloudflare allows this project at most ${token.maxFileCount.toLocaleString('en-US')}.`);
        }
        const byHash = new Map();
        for (const asset of assets) {
            const same = byHash.get(asset.hash);
            if (same)
                same.push(asset);
            else
                byHash.set(asset.hash, [asset]);
        }
        const missing = new Set(await this.checkMissing([...byHash.keys()]));
        const send = [...missing].flatMap((hash) => byHash.get(hash)?.slice(0, 1) ?? []);
        Object.assign(this.counts, {
            found: assets.length,
            toUpload: assets.filter((a) => missing.has(a.hash)).length,
            alreadyUploaded: assets.filter((a) => !missing.has(a.hash)).length,
            bytesTotal: send.reduce((sum, a) => sum + a.size, 0)
        });
        this.report(false, true);
        const buckets = planBuckets(send, this.options.bucketLimits ?? DEFAULT_BUCKET_LIMITS);
        await this.sendBuckets(buckets, byHash);
        try {
            await this.upsertHashes([...byHash.keys()]);
        }
        catch (error) {
            if (error instanceof canceled/* CanceledError */.k)
                throw error;
            this.options.onWarning?.(`Cloudflare did not record the uploaded files' hashes (${uploader_describe(error)}). Every file was uploaded and the deployment goes ahead; the next deployment may upload some files again.`);
        }
        this.report(true, true);
        return {
            counts: { ...this.counts },
            manifest: Object.fromEntries(assets.map((a) => [a.path, a.hash])),
            buckets: buckets.length
        };
    }
    /**
     * Sends the buckets, `concurrency` at a time (one at a time after a gateway timeout). The
     * first bucket that fails for good stops new ones from starting; those in flight finish, and
     * then the failure is thrown: no bucket is skipped without an error.
     */
    async sendBuckets(buckets, byHash) {
        const concurrency = Math.max(1, this.options.concurrency ?? 3);
        const running = new Set();
        let failure;
        for (const [index, bucket] of buckets.entries()) {
            while (running.size >= (this.gatewayTimedOut ? 1 : concurrency) && !failure) {
                await Promise.race(running);
            }
            if (failure)
                break;
            const sent = this.sendBucket(bucket, index, buckets.length)
                .then(() => {
                for (const file of bucket.files)
                    this.counts.uploaded += byHash.get(file.hash)?.length ?? 1;
                this.counts.bytesUploaded += bucket.bytes;
                this.report(false, false);
            })
                .catch((error) => {
                failure ??= { error };
            })
                .finally(() => running.delete(sent));
            running.add(sent);
        }
        await Promise.all(running);
        if (failure)
            throw failure.error;
    }
    async sendBucket(bucket, index, total) {
        const { signal, hasher, openFile } = this.options;
        if (signal?.aborted)
            throw new canceled/* CanceledError */.k();
        const hashes = await hasher?.reserve();
        try {
            const body = new UploadBody(bucket.files, {
                ...(openFile ? { openFile } : {}),
                ...(hashes ? { hashes } : {}),
                ...(signal ? { signal } : {}),
                fileError
            });
            const operation = `upload files (request ${index + 1} of ${total}, ${bucket.files.length} files)`;
            await this.withRetries(operation, async (jwt) => {
                try {
                    return await this.options.api.uploadAssets(jwt, body, operation);
                }
                catch (error) {
                    // A file that could not be read or changed fails the request: that, not the
                    // request's failure, is the reason, and no retry would help.
                    throw body.failure ?? error;
                }
            });
        }
        finally {
            hashes?.release();
        }
    }
    /**
     * Runs `call` with a valid token: transient failures are retried with backoff, a refused or
     * expired token is replaced and the call repeated (at most `maxTokenRefreshes` times).
     */
    async withRetries(operation, call, policy = this.options.retry ?? retry/* UPLOAD_RETRY_POLICY */.kb) {
        const { clock, signal, random } = this.options;
        const maxRefreshes = this.options.maxTokenRefreshes ?? 3;
        let refreshes = 0;
        let gatewayTimeouts = 0;
        const failed = (error, attempts) => new UploadError(`Uploading to Cloudflare Pages failed${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${uploader_describe(error)}`, { cause: error });
        return (0,retry/* withRetries */.LH)({ policy, clock, signal, ...(random ? { random } : {}) }, async (attempt) => {
            const token = await this.getUploadToken();
            try {
                return { kind: 'done', value: await call(token.jwt) };
            }
            catch (error) {
                if (error instanceof canceled/* CanceledError */.k || error instanceof UploadError) {
                    return { kind: 'fail', error };
                }
                if (tokenRefused(error)) {
                    if (++refreshes > maxRefreshes) {
                        return {
                            kind: 'fail',
                            error: new UploadError(`${operation}: Cloudflare refused ${refreshes} upload tokens in a row (${uploader_describe(error)}). Check that the API token can edit Cloudflare Pages.`, { cause: error })
                        };
                    }
                    await this.renewToken(token.jwt);
                    return { kind: 'again' };
                }
                if (!retryable(error))
                    return { kind: 'fail', error: failed(error, attempt) };
                if (error instanceof errors/* CloudflareApiError */.k && error.status === 524) {
                    // Cloudflare's edge gave up waiting: send one request at a time from now on, and
                    // wait longer each time (wrangler's 2^n × 5 s on top of the backoff). The first
                    // GATEWAY_TIMEOUTS_FREE of a request do not count as failed attempts.
                    this.gatewayTimedOut = true;
                    const extraDelayMs = Math.min(GATEWAY_EXTRA_MAX_MS, 5_000 * 2 ** gatewayTimeouts);
                    gatewayTimeouts++;
                    return {
                        kind: 'retry',
                        rateLimited: false,
                        retryAfterMs: undefined,
                        extraDelayMs,
                        counted: gatewayTimeouts >= GATEWAY_TIMEOUTS_FREE,
                        giveUp: (why) => failed(error, why.attempts)
                    };
                }
                return {
                    kind: 'retry',
                    rateLimited: false,
                    retryAfterMs: undefined,
                    giveUp: (why) => failed(error, why.attempts)
                };
            }
        });
    }
    /**
     * Replaces the token `stale` (or gets the first one). Concurrent callers share one request,
     * and a caller whose stale token was already replaced gets the replacement.
     */
    renewToken(stale) {
        if (this.pendingToken)
            return this.pendingToken;
        if (this.token && this.token.jwt !== stale)
            return Promise.resolve(this.token);
        const pending = this.options.api
            .fetchUploadToken()
            .then((jwt) => {
            this.token = decodeUploadToken(jwt);
            return this.token;
        })
            .finally(() => {
            this.pendingToken = undefined;
        });
        this.pendingToken = pending;
        return pending;
    }
    nearExpiry(token) {
        if (token.expiresAtMs === undefined)
            return false;
        const margin = this.options.tokenRefreshMarginMs ?? 60_000;
        return token.expiresAtMs - this.options.clock.now() < margin;
    }
    report(final, force) {
        const now = this.options.clock.now();
        if (!force && now - this.lastReportMs < (this.options.progressIntervalMs ?? 3_000))
            return;
        this.lastReportMs = now;
        this.options.onProgress?.({ ...this.counts }, final);
    }
}
/** upsert-hashes: one more try a second later, then a warning (wrangler's tolerance). */
const UPSERT_RETRY_POLICY = { ...retry/* UPLOAD_RETRY_POLICY */.kb, attempts: 2, jitter: false };
/** Gateway timeouts (524) of one request waited out before they count as failed attempts. */
const GATEWAY_TIMEOUTS_FREE = 5;
/**
 * wrangler's extra pause after a gateway timeout doubles without end (5 s, 10 s ... 21 min
 * after the ninth); pages-pilot stops doubling at 80 s, the fifth, so that sustained 524s fail
 * within minutes instead of most of an hour.
 */
const GATEWAY_EXTRA_MAX_MS = 80_000;
/** True when Cloudflare refused the upload token: error 8000013 or HTTP 401. */
function tokenRefused(error) {
    return (error instanceof errors/* CloudflareApiError */.k &&
        (error.errors.some((e) => e.code === types/* ErrorCode */.O.uploadTokenExpired) || error.status === 401));
}
/** Worth another attempt: no usable answer, a 5xx (524 included) or Cloudflare's unknown error. */
function retryable(error) {
    if (error instanceof errors/* CloudflareApiError */.k) {
        return (error.kind === 'transport' ||
            error.status >= 500 ||
            error.errors.some((e) => e.code === types/* ErrorCode */.O.unknown));
    }
    const code = error?.code;
    return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
/** Why a file of a request body could not be sent. */
function fileError(file, problem, cause) {
    if (problem === 'unreadable') {
        return new UploadError(`Cannot read '${file.path.slice(1)}' for upload: ${String(cause)}`, {
            cause
        });
    }
    return new UploadError(`'${file.path.slice(1)}' changed while it was being deployed (${file.absolutePath}); make sure nothing writes to the directory during the upload.`);
}
function uploader_describe(error) {
    return error instanceof Error ? error.message : String(error);
}
/** `uploaded 1,200/3,002 files, 41/107 MB` */
function formatProgress(counts) {
    const n = (value) => value.toLocaleString('en-US');
    return `uploaded ${n(counts.uploaded)}/${n(counts.toUpload)} files, ${mb(counts.bytesUploaded)}/${mb(counts.bytesTotal)} MB`;
}
/** `found 3,002 files: 1,800 already uploaded, 1,202 to upload (41 MB)` */
function formatPlan(counts) {
    const n = (value) => value.toLocaleString('en-US');
    return `found ${n(counts.found)} file${counts.found === 1 ? '' : 's'}: ${n(counts.alreadyUploaded)} already uploaded, ${n(counts.toUpload)} to upload (${mb(counts.bytesTotal)} MB)`;
}
/** Megabytes, with a decimal below 10 so that small sites do not read as `0 MB`. */
function mb(bytes) {
    const value = bytes / 1_000_000;
    return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

// EXTERNAL MODULE: ./lib/util/duration.js
var duration = __webpack_require__(7402);
// EXTERNAL MODULE: ./lib/operations/create-once.js
var create_once = __webpack_require__(7132);
// EXTERNAL MODULE: ./lib/operations/create-project.js
var create_project = __webpack_require__(6648);
// EXTERNAL MODULE: ./lib/domain/special-files.js
var special_files = __webpack_require__(253);
;// CONCATENATED MODULE: ./lib/operations/special-files.js


/** Refused lines listed in the error, at most; the count says how many more. */
const MOST_LISTED = 20;
/**
 * Reads `_redirects` and `_headers` as Cloudflare will, before anything is uploaded: a line
 * Cloudflare would refuse (and so silently not apply) stops the deploy, naming each such line;
 * a line it would drop (past a limit, a duplicate) is a warning and a note in the summary.
 */
async function reviewSpecialFiles(context, specials) {
    const { report, console } = context;
    const findings = [];
    for (const special of specials) {
        if (special.name !== '_redirects' && special.name !== '_headers')
            continue;
        const text = await (0,promises_.readFile)(special.absolutePath, 'utf8');
        const parsed = special.name === '_redirects' ? (0,special_files/* parseRedirectsFile */.ZX)(text) : (0,special_files/* parseHeadersFile */.aK)(text);
        findings.push(...parsed.findings);
        console.info(`${special.name}: ${parsed.rules.length} rule${parsed.rules.length === 1 ? '' : 's'} Cloudflare will apply.`);
    }
    const refused = findings.filter((f) => f.kind === 'refused');
    const dropped = findings.filter((f) => f.kind === 'dropped');
    report.specialFileFindings = dropped;
    for (const finding of dropped)
        console.warning(`Cloudflare would drop ${(0,special_files/* describeFinding */.jb)(finding)}`);
    if (refused.length === 0)
        return;
    const listed = refused.slice(0, MOST_LISTED).map((f) => `  ${(0,special_files/* describeFinding */.jb)(f)}`);
    if (refused.length > MOST_LISTED)
        listed.push(`  … and ${refused.length - MOST_LISTED} more.`);
    throw new Error(`${refused.length === 1 ? 'a line' : `${refused.length} lines`} of the folder's special files would be ignored by Cloudflare, so nothing was uploaded; fix ${refused.length === 1 ? 'it' : 'them'} (docs/troubleshooting.md, "_redirects and _headers"):\n${listed.join('\n')}`);
}

;// CONCATENATED MODULE: ./lib/operations/direct-upload.js















/**
 * Deploys a built folder with Direct Upload: build the Worker, if the project has one (a
 * `_worker.js`, or Functions), so that a build error stops the deploy before anything is sent
 * → upload token → hash every file → upload only what Cloudflare lacks → register every hash →
 * create the deployment with the manifest, the special files and the Worker. The deployment is
 * then followed like a Git build. A project still to create (`create-project`) is created once
 * the folder is read and the Worker built, so that a deploy failing before leaves none behind.
 */
async function uploadDeployment(context, start, upload, target, branch, options = {}) {
    const { client, report, clock, signal, console } = context;
    if (!(0,create_project/* isMissing */.b)(target) && target.source !== null) {
        throw new Error(`project '${target.name}' builds from its Git repository (${target.source.config.owner}/${target.source.config.repo_name}), and Cloudflare accepts uploaded files only for Direct Upload projects. Remove directory to let Cloudflare build the branch, or deploy the folder to a Direct Upload project.`);
    }
    const started = clock.now();
    const worker = await workerOf(context, start, upload, target, options.workerBranch ?? branch);
    const read = async (maxFiles) => {
        console.info(`Reading ${upload.directory}...`);
        const walked = await walkDirectory(upload.directory, { maxFiles, inputName: 'directory' });
        // Before anything is sent: a rule Cloudflare would ignore stops the deploy here.
        await reviewSpecialFiles(context, walked.specialFiles);
        return walked;
    };
    // A project to create is created only once the folder is read and the Worker built.
    const early = (0,create_project/* isMissing */.b)(target) ? await read(MOST_FILES_ANY_PLAN) : undefined;
    const project = (0,create_project/* isMissing */.b)(target) ? await target.create() : target;
    // Tens of thousands of short-lived file records make V8 grow its young generation to 32 MiB,
    // most of the peak memory of a large site; keeping it small costs a few more minor GCs.
    (0,external_node_v8_.setFlagsFromString)('--semi-space-growth-factor=1');
    const hasher = await PagesHasher.create();
    let planned = false;
    const uploader = new AssetUploader({
        api: new AssetsClient(client.transport, client, project.name),
        clock,
        hasher,
        ...(signal ? { signal } : {}),
        onWarning: (message) => console.warning(message),
        // The first report comes after check-missing: what will be sent; then how far it got.
        onProgress: (counts) => {
            if (!planned)
                console.info(formatPlan(counts));
            else if (counts.toUpload > 0)
                console.info(formatProgress(counts));
            planned = true;
        }
    });
    const token = await uploader.getUploadToken();
    const walked = early ?? (await read(token.maxFileCount));
    const hashed = await hashFiles(walked.files, { hasher, ...(signal ? { signal } : {}) });
    const result = await uploader.upload(hashed);
    const sent = specialFilesSent(walked.specialFiles, worker?.build);
    report.upload = {
        found: result.counts.found,
        uploaded: result.counts.uploaded,
        alreadyUploaded: result.counts.alreadyUploaded,
        bytesUploaded: result.counts.bytesUploaded,
        bytesTotal: walked.totalBytes,
        specialFiles: sent,
        durationMs: clock.now() - started,
        worker: worker?.record
    };
    console.info(`Upload done in ${(0,duration/* formatDuration */.a)(clock.now() - started)}: ${result.counts.uploaded.toLocaleString('en-US')} of ${result.counts.found.toLocaleString('en-US')} files sent, ${result.counts.alreadyUploaded.toLocaleString('en-US')} already on Cloudflare.`);
    const form = {
        manifest: JSON.stringify(result.manifest),
        branch,
        ...(upload.commitMessage ? { commit_message: upload.commitMessage } : {}),
        ...(start.commitHash ? { commit_hash: start.commitHash } : {}),
        commit_dirty: upload.commitDirty ? 'true' : 'false',
        ...(await deploymentFiles(walked.specialFiles, worker?.build, start))
    };
    console.info(`Creating a deployment of branch ${branch} in project ${project.name}...`);
    const deployment = await (0,create_once/* createOnce */.U)(context, project, branch, () => client.createDeployment(project.name, form));
    return { deployment, project, form };
}
/** Builds the Worker of the project, if it has one, and records how. */
async function workerOf(context, start, upload, project, branch) {
    const { clock, signal, console } = context;
    const started = clock.now();
    // The configuration of this deployment's environment, as wrangler chooses it: production
    // when the branch is the project's production branch.
    const environment = branch === project.production_branch ? 'production' : 'preview';
    const resolved = start.pagesConfig ? (0,wrangler_config/* configFor */.m3)(start.pagesConfig, environment) : undefined;
    for (const warning of resolved?.warnings ?? [])
        console.warning(warning);
    let bundler;
    let installing;
    const esbuild = () => (installing ??= (0,esbuild_install/* installEsbuild */.qQ)({
        cacheDir: context.toolCacheDir,
        workingDirectory: start.workingDirectory,
        registry: context.npmRegistry,
        clock,
        signal,
        warn: (message) => console.warning(message)
    }).then((location) => {
        bundler = {
            source: location.source,
            durationMs: location.durationMs,
            downloadedBytes: location.downloadedBytes
        };
        console.info(location.source === 'download'
            ? `Installed esbuild ${esbuild_install/* ESBUILD_VERSION */.my} in ${(0,duration/* formatDuration */.a)(location.durationMs)} (${(location.downloadedBytes / 1_000_000).toFixed(1)} MB downloaded, integrity checked) into the tool cache.`
            : `Using esbuild ${esbuild_install/* ESBUILD_VERSION */.my} from the ${location.source} (${(0,duration/* formatDuration */.a)(location.durationMs)}).`);
        return location.binary;
    }));
    const build = await buildWorker({
        outputDir: upload.directory,
        workingDirectory: start.workingDirectory,
        workspace: start.workspace,
        forkCode: (0,branch_rule/* deploysForkCode */.ou)(start.pullRequest),
        bundle: start.bundle ?? !(start.pagesConfig?.noBundle ?? false),
        compat: {
            date: resolved?.compatibilityDate,
            flags: [...(resolved?.compatibilityFlags ?? [])]
        },
        metadata: resolved ? { ...(0,wrangler_config/* workerMetadata */.II)(resolved) } : undefined,
        esbuild,
        signal,
        notice: (message) => console.notice(message),
        warn: (message) => console.warning(message)
    });
    if (!build)
        return undefined;
    const record = {
        kind: build.kind,
        routes: build.routes,
        modules: 1 + build.bundle.modules.length,
        bytes: build.bytes,
        gzipBytes: build.gzipBytes,
        routesJson: build.routesJson === undefined ? undefined : build.routesCustom ? 'custom' : 'generated',
        bundler,
        buildMs: clock.now() - started
    };
    console.info(`${build.kind === 'functions' ? `Compiled Functions (${record.routes ?? 0} route${record.routes === 1 ? '' : 's'})` : 'Built the _worker.js Worker'}: ${record.modules} module${record.modules === 1 ? '' : 's'}, ${(build.bytes / 1000).toFixed(1)} kB (${(build.gzipBytes / 1000).toFixed(1)} kB gzipped), in ${(0,duration/* formatDuration */.a)(record.buildMs)}.`);
    return { build, record };
}
/** The special files the deployment carries, by name, for the summary. */
function specialFilesSent(specials, worker) {
    const names = specials
        .map((f) => f.name)
        .filter((name) => name === '_headers' || name === '_redirects');
    if (worker)
        names.push('_worker.bundle');
    if (worker?.routesJson !== undefined)
        names.push('_routes.json');
    return names;
}
/**
 * The rest of the deployment form, in the order wrangler sends it: `_headers`, `_redirects`,
 * the Functions routing config, the configuration's hash and output folder, `_worker.bundle`,
 * `_routes.json`. `_routes.json` goes only with a Worker (it says which requests invoke it), and
 * `_worker.js` never goes raw: it is built into `_worker.bundle`.
 */
async function deploymentFiles(specials, worker, start) {
    const parts = {};
    const file = (name, content) => {
        parts[name] = { filename: name, content, contentType: 'application/octet-stream' };
    };
    for (const name of ['_headers', '_redirects']) {
        const special = specials.find((s) => s.name === name);
        if (special && special.size > 0)
            file(name, await (0,promises_.readFile)(special.absolutePath));
    }
    if (worker?.routingConfig !== undefined) {
        file('functions-filepath-routing-config.json', Buffer.from(worker.routingConfig));
    }
    const config = start.pagesConfig;
    if (config) {
        parts.wrangler_config_hash = config.sha256;
        parts.pages_build_output_dir =
            (0,external_node_path_.relative)(start.workingDirectory, config.outputDir).split('\\').join('/') || '.';
    }
    if (worker)
        file('_worker.bundle', worker.body);
    if (worker?.routesJson !== undefined)
        file('_routes.json', Buffer.from(worker.routesJson));
    return parts;
}


/***/ })

};
