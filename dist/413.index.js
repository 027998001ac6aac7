export const id = 413;
export const ids = [413];
export const modules = {

/***/ 1413:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  uploadDeployment: () => (/* binding */ uploadDeployment)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/hash-wasm/dist/blake3.umd.min.js
var blake3_umd_min = __webpack_require__(3894);
// EXTERNAL MODULE: ./lib/util/canceled.js
var canceled = __webpack_require__(6585);
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
const YIELD_EVERY_MS = 50;
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
            if (performance.now() - sliceStart >= YIELD_EVERY_MS) {
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
const walk_YIELD_EVERY_MS = 50;
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
        if (performance.now() - sliceStart < walk_YIELD_EVERY_MS)
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
                if (target.kind === 'directory') {
                    throw new DirectoryError(`${shown} has a _worker.js directory (${absolutePath}). Advanced-mode Workers split into a directory are not supported yet: bundle it into a single _worker.js file.`);
                }
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
                files.push({ path, absolutePath, size: target.size, contentType: contentTypeFor(name) });
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
        let target;
        try {
            target = await (0,promises_.realpath)(absolutePath);
        }
        catch (error) {
            throw new DirectoryError(`${shown} has a broken symlink at '${path.slice(1)}' (${absolutePath}): ${describe(error)}. Remove it or make it point to a file inside the folder.`);
        }
        const inside = (0,external_node_path_.relative)(root, target);
        if (inside === '' ? false : inside.startsWith('..') || (0,external_node_path_.isAbsolute)(inside)) {
            throw new DirectoryError(`${shown} has a symlink at '${path.slice(1)}' that points outside the folder (to ${target}). Copy the file into the folder instead: only what is inside it is uploaded.`);
        }
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
function resolved(stats, realPath) {
    const kind = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
    return { kind, size: stats.size, realPath };
}
function isSpecial(name) {
    return SPECIAL_FILE_NAMES.includes(name);
}
const CONTENT_TYPES = {
    html: 'text/html',
    htm: 'text/html',
    css: 'text/css',
    js: 'application/javascript',
    mjs: 'application/javascript',
    cjs: 'application/javascript',
    json: 'application/json',
    map: 'application/json',
    webmanifest: 'application/manifest+json',
    svg: 'image/svg+xml',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    ico: 'image/vnd.microsoft.icon',
    txt: 'text/plain',
    md: 'text/markdown',
    csv: 'text/csv',
    xml: 'application/xml',
    wasm: 'application/wasm',
    woff: 'font/woff',
    woff2: 'font/woff2',
    ttf: 'font/ttf',
    otf: 'font/otf',
    pdf: 'application/pdf',
    mp3: 'audio/mpeg',
    mp4: 'video/mp4',
    webm: 'video/webm'
};
/** Content type from the file name's extension; `application/octet-stream` when unknown. */
function contentTypeFor(fileName) {
    return CONTENT_TYPES[assetExtension(fileName).toLowerCase()] ?? 'application/octet-stream';
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
    return `found ${n(counts.found)} files: ${n(counts.alreadyUploaded)} already uploaded, ${n(counts.toUpload)} to upload (${mb(counts.bytesTotal)} MB)`;
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
;// CONCATENATED MODULE: ./lib/operations/direct-upload.js








/**
 * Deploys a built folder with Direct Upload: upload token → hash every file → upload only what
 * Cloudflare lacks → register every hash → create the deployment with the manifest and the
 * special files. The deployment is then followed like a Git build.
 */
async function uploadDeployment(context, start, upload, project, branch) {
    const { client, report, clock, signal, console } = context;
    if (project.source !== null) {
        throw new Error(`project '${project.name}' builds from its Git repository (${project.source.config.owner}/${project.source.config.repo_name}), and Cloudflare accepts uploaded files only for Direct Upload projects. Remove directory to let Cloudflare build the branch, or deploy the folder to a Direct Upload project.`);
    }
    const started = clock.now();
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
    console.info(`Reading ${upload.directory}...`);
    const walked = await walkDirectory(upload.directory, {
        maxFiles: token.maxFileCount,
        inputName: 'directory'
    });
    const hashed = await hashFiles(walked.files, { hasher, ...(signal ? { signal } : {}) });
    const result = await uploader.upload(hashed);
    report.upload = {
        found: result.counts.found,
        uploaded: result.counts.uploaded,
        alreadyUploaded: result.counts.alreadyUploaded,
        bytesUploaded: result.counts.bytesUploaded,
        bytesTotal: walked.totalBytes,
        specialFiles: walked.specialFiles.map((f) => f.name),
        durationMs: clock.now() - started
    };
    console.info(`Upload done in ${(0,duration/* formatDuration */.a)(clock.now() - started)}: ${result.counts.uploaded.toLocaleString('en-US')} of ${result.counts.found.toLocaleString('en-US')} files sent, ${result.counts.alreadyUploaded.toLocaleString('en-US')} already on Cloudflare.`);
    const files = await specialFileParts(walked.specialFiles);
    const fields = {
        manifest: JSON.stringify(result.manifest),
        branch,
        ...(start.commitHash ? { commit_hash: start.commitHash } : {}),
        ...(upload.commitMessage ? { commit_message: upload.commitMessage } : {}),
        commit_dirty: upload.commitDirty ? 'true' : 'false'
    };
    console.info(`Creating a deployment of branch ${branch} in project ${project.name}...`);
    return (0,create_once/* createOnce */.U)(context, project, branch, () => client.createDeployment(project.name, fields, files));
}
/** `_headers`, `_redirects`, `_routes.json` and `_worker.js` go with the deployment, not as assets. */
async function specialFileParts(specials) {
    const parts = {};
    for (const special of specials) {
        parts[special.name] = {
            filename: special.name,
            content: await (0,promises_.readFile)(special.absolutePath),
            contentType: special.name.endsWith('.js')
                ? 'application/javascript+module'
                : contentTypeFor(special.name).replace('application/octet-stream', 'text/plain')
        };
    }
    return parts;
}


/***/ })

};
