/**
 * Which files of the `directory` input are uploaded, which are sent as special files, and which
 * folders are refused before anything is sent.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { DirectoryError, MAX_ASSET_BYTES, walkDirectory } from '../src/upload/walk.js'
import { contentTypeFor } from '../src/upload/content-type.js'

let base: string
let site: string

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'pp-walk-'))
  site = join(base, 'site')
  await mkdir(site)
})

afterEach(async () => {
  await rm(base, { recursive: true, force: true })
})

async function files(tree: Record<string, string>, root = site): Promise<void> {
  for (const [path, text] of Object.entries(tree)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
}

async function walkError(directory: string, options = {}): Promise<DirectoryError> {
  const error = await walkDirectory(directory, options).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(DirectoryError)
  return error as DirectoryError
}

describe('a built site', () => {
  it('lists every file with its manifest path, size and content type, sorted', async () => {
    await files({
      'index.html': '<h1>hi</h1>',
      'assets/app.js': 'console.log(1)',
      'assets/style.css': 'body{}',
      'img/logo.PNG': 'png',
      'data/blob': 'x'
    })
    const result = await walkDirectory(site)
    expect(result.files.map((f) => [f.path, f.size, f.contentType])).toEqual([
      ['/assets/app.js', 14, 'application/javascript'],
      ['/assets/style.css', 6, 'text/css'],
      ['/data/blob', 1, 'application/octet-stream'],
      ['/img/logo.PNG', 3, 'image/png'],
      ['/index.html', 11, 'text/html']
    ])
    expect(result.files[0]?.absolutePath).toBe(join(result.root, 'assets', 'app.js'))
    expect(result.totalBytes).toBe(35)
    expect(result.specialFiles).toEqual([])
  })

  it('skips what wrangler skips: tooling folders anywhere, functions at the root only', async () => {
    await files({
      'index.html': 'x',
      '.DS_Store': 'x',
      'a/.DS_Store': 'x',
      'node_modules/pkg/index.js': 'x',
      'a/node_modules/pkg/index.js': 'x',
      '.git/HEAD': 'x',
      'a/.git': 'gitdir: ..',
      '.wrangler/state': 'x',
      'functions/api.ts': 'x',
      'docs/functions/index.html': 'nested functions are ordinary assets'
    })
    const result = await walkDirectory(site)
    expect(result.files.map((f) => f.path)).toEqual(['/docs/functions/index.html', '/index.html'])
    expect(result.skipped.sort()).toEqual(
      [
        '/.DS_Store',
        '/.git',
        '/.wrangler',
        '/a/.DS_Store',
        '/a/.git',
        '/a/node_modules',
        '/functions',
        '/node_modules'
      ].sort()
    )
  })

  it('reports the special files at the root and does not upload them as assets', async () => {
    await files({
      'index.html': 'x',
      _headers: '/*\n  X-Frame-Options: DENY',
      _redirects: '/old /new 301',
      '_routes.json': '{"version":1,"include":["/*"],"exclude":[]}',
      '_worker.js': 'export default {}',
      'nested/_headers': 'a nested _headers is an ordinary file'
    })
    const result = await walkDirectory(site)
    expect(result.files.map((f) => f.path)).toEqual(['/index.html', '/nested/_headers'])
    expect(result.specialFiles.map((f) => [f.name, f.size])).toEqual([
      ['_headers', 26],
      ['_redirects', 13],
      ['_routes.json', 43],
      ['_worker.js', 17]
    ])
    expect(result.specialFiles[0]?.absolutePath).toBe(join(site, '_headers'))
  })

  it('leaves a _worker.js directory out of the assets: it is the Worker, built apart', async () => {
    await files({ 'index.html': 'x', '_worker.js/index.js': 'export default {}' })
    const result = await walkDirectory(site)
    expect(result.files.map((f) => f.path)).toEqual(['/index.html'])
    expect(result.specialFiles).toEqual([])
  })

  it('handles Unicode file names', async () => {
    await files({ 'café/naïve résumé.html': 'x', '日本語/索引.html': 'y', 'emoji-🚀.txt': 'z' })
    const result = await walkDirectory(site)
    expect(result.files.map((f) => f.path)).toEqual([
      '/café/naïve résumé.html',
      '/emoji-🚀.txt',
      '/日本語/索引.html'
    ])
  })

  it('accepts an empty file and a file of exactly 25 MiB', async () => {
    await files({ 'empty.txt': '', 'video.mp4': '' })
    await truncate(join(site, 'video.mp4'), MAX_ASSET_BYTES)
    const result = await walkDirectory(site)
    expect(result.files.map((f) => [f.path, f.size])).toEqual([
      ['/empty.txt', 0],
      ['/video.mp4', MAX_ASSET_BYTES]
    ])
  })

  it('skips what cannot be served, such as a FIFO', async () => {
    if (process.platform === 'win32') return
    await files({ 'index.html': 'x', 'sub/page.html': 'y' })
    execFileSync('mkfifo', [join(site, 'sub', 'pipe')])
    const result = await walkDirectory(site)
    expect(result.files.map((f) => f.path)).toEqual(['/index.html', '/sub/page.html'])
    expect(result.skipped).toEqual(['/sub/pipe'])
  })

  it('accepts as many files as allowed', async () => {
    await files({ 'a.txt': '1', 'b.txt': '2', 'c.txt': '3' })
    expect((await walkDirectory(site, { maxFiles: 3 })).files).toHaveLength(3)
  })
})

describe('symlinks', () => {
  it('follows symlinks that stay inside the folder', async () => {
    await files({ 'real/page.html': 'x', 'index.html': 'y' })
    await symlink(join(site, 'real'), join(site, 'alias'))
    await symlink('index.html', join(site, 'home.html'))
    const result = await walkDirectory(site)
    expect(result.files.map((f) => f.path)).toEqual([
      '/alias/page.html',
      '/home.html',
      '/index.html',
      '/real/page.html'
    ])
    expect(result.files.find((f) => f.path === '/home.html')?.size).toBe(1)
  })

  it('follows the folder itself when it is a symlink', async () => {
    await files({ 'index.html': 'x' })
    await symlink(site, join(base, 'link-to-site'))
    const result = await walkDirectory(join(base, 'link-to-site'))
    expect(result.files.map((f) => f.path)).toEqual(['/index.html'])
  })

  it('refuses a symlink that leaves the folder', async () => {
    await files({ 'index.html': 'x' })
    await files({ 'secret.txt': 'token' }, base)
    await symlink(join(base, 'secret.txt'), join(site, 'innocent.txt'))
    const error = await walkError(site)
    expect(error.message).toContain("symlink at 'innocent.txt' that points outside the folder")
    expect(error.message).toContain(join(base, 'secret.txt'))
  })

  it('refuses a symlink to a sibling folder whose name starts like the site', async () => {
    await files({ 'index.html': 'x' })
    await files({ 'x.txt': 'x' }, join(base, 'site-other'))
    await symlink(join(base, 'site-other'), join(site, 'other'))
    expect((await walkError(site)).message).toMatch(/points outside the folder/)
  })

  it('refuses a broken symlink and a symlink loop', async () => {
    await files({ 'index.html': 'x' })
    await symlink(join(site, 'nowhere'), join(site, 'dangling'))
    expect((await walkError(site)).message).toMatch(/broken symlink at 'dangling'/)
    await rm(join(site, 'dangling'))
    await mkdir(join(site, 'a'))
    await symlink(join(site, 'a'), join(site, 'a', 'again'))
    expect((await walkError(site)).message).toBe(
      `directory '${site}' has a symlink loop at 'a/again': ${join(site, 'a', 'again')} leads back to ${join(site, 'a')}, a folder it is in. Remove the symlink, or make it point to a file inside the folder.`
    )
    await rm(join(site, 'a'), { recursive: true })
    await symlink('self', join(site, 'self'))
    expect((await walkError(site)).message).toBe(
      `directory '${site}' has a symlink loop at 'self': ${join(site, 'self')} leads back to itself through symlinks. Remove the symlink, or make it point to a file inside the folder.`
    )
  })
})

describe('folders that cannot be deployed', () => {
  it('names the input and the path when the folder is missing', async () => {
    const error = await walkError(join(base, 'dist'))
    expect(error.message).toContain(`directory '${join(base, 'dist')}' does not exist`)
  })

  it('uses the given input name', async () => {
    const error = await walkError(join(base, 'dist'), { inputName: 'upload-dir' })
    expect(error.message).toMatch(/^upload-dir '/)
  })

  it('refuses a file given as the folder', async () => {
    await files({ 'index.html': 'x' })
    expect((await walkError(join(site, 'index.html'))).message).toMatch(/is not a directory/)
  })

  it('refuses an empty folder, and one with only skipped files', async () => {
    expect((await walkError(site)).message).toMatch(/has no files to upload/)
    await files({ 'node_modules/x.js': 'x', _headers: 'x' })
    expect((await walkError(site)).message).toMatch(/no files to upload.*skipped: \/node_modules/)
  })

  it('refuses files over 25 MiB, naming them', async () => {
    await files({ 'index.html': 'x', 'big/movie.mp4': '' })
    await truncate(join(site, 'big/movie.mp4'), MAX_ASSET_BYTES + 1)
    const error = await walkError(site)
    expect(error.message).toBe(
      `directory '${site}' has files over the 25 MiB Cloudflare Pages accepts per file: 'big/movie.mp4' (25 MiB + 1 byte). Serve large files from R2 or another store instead.`
    )
  })

  it('refuses more files than the upload token allows', async () => {
    await files({ 'a.txt': '1', 'b.txt': '2', 'c/d.txt': '3', 'c/e.txt': '4' })
    expect((await walkError(site, { maxFiles: 3 })).message).toMatch(/more than 3 files/)
  })
})

describe('content types, from the MIME database wrangler uses (mime 3.0.0)', () => {
  it.each([
    ['index.html', 'text/html'],
    ['a/b.HTM', 'text/html'],
    ['app.mjs', 'application/javascript'],
    ['app.js.map', 'application/json'],
    ['icon.svg', 'image/svg+xml'],
    ['photo.JPEG', 'image/jpeg'],
    ['font.woff2', 'font/woff2'],
    ['module.wasm', 'application/wasm'],
    ['clip.webm', 'video/webm'],
    // The types the hand-written table used to miss, and served as octet-stream.
    ['config.yaml', 'text/yaml'],
    ['subtitles.vtt', 'text/vtt'],
    ['calendar.ics', 'text/calendar'],
    ['page.xhtml', 'application/xhtml+xml'],
    ['feed.rss', 'application/rss+xml'],
    ['feed.atom', 'application/atom+xml'],
    ['bundle.zip', 'application/zip'],
    ['image.bmp', 'image/bmp'],
    ['stream.m3u8', 'application/vnd.apple.mpegurl'],
    ['data.jsonld', 'application/ld+json'],
    ['sound.ogg', 'audio/ogg'],
    ['movie.mov', 'video/quicktime'],
    ['model.glb', 'model/gltf-binary'],
    ['font.eot', 'application/vnd.ms-fontobject'],
    // As wrangler: a root file named like an extension has its type, a nested one does not.
    ['json', 'application/json'],
    ['dir/json', 'application/octet-stream'],
    ['README', 'application/octet-stream'],
    ['archive.tar.zst', 'application/octet-stream']
  ])('%s → %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type)
  })
})
