/**
 * Conformance with wrangler's Direct Upload: real `wrangler pages deploy` (installed on demand
 * into .bench/wrangler) and pages-pilot deploy the same folder to the emulator.
 *
 * - wrangler's deployment is accepted: the emulator speaks wrangler's protocol, and its manifest
 *   check (every hash recomputed from the content wrangler uploaded) agrees with wrangler.
 * - pages-pilot after wrangler uploads nothing, wrangler after pages-pilot uploads nothing: both
 *   compute the same hash for every file.
 * - Both send the same manifest (and the same special files) when creating the deployment.
 *
 * Run: `npm run build && npm run test:conformance` (needs the npm registry the first time).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator, type RecordedRequest } from '../../emulator/server.js'
import { runAction, type ActionResult } from '../../harness/run-action.js'
import { ensureWrangler, runWrangler, wranglerVersion } from '../../bench/wrangler.js'

const FAST_STAGES = { queued: 50, initialize: 50, clone_repo: 50, build: 100, deploy: 50 }
const SHA = 'c0ffee'.padEnd(40, '0')

/** Deterministic bytes that do not compress or look like text. */
function pseudoRandom(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length)
  let x = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/** The assets of the test site (relative path → content): what both tools must upload. */
const ASSETS: Record<string, string | Buffer> = {
  'index.html': '<!doctype html><h1>Conformance</h1>\n',
  'assets/app.min.js': 'console.log("two dots in the name")\n',
  'assets/deep/nested/dir/style.css': 'body { margin: 0 }\n',
  LICENSE: 'MIT License\n', // no extension
  '.well-known/security.txt': 'Contact: mailto:security@example.com\n', // dot directory
  '.htaccess': 'Deny from all\n', // dotfile: no extension
  'café/menü.html': '<p>unicode path</p>\n',
  'images/日本語 ファイル.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n', // space + CJK
  'images/Photo.JPG': pseudoRandom(10_001, 7), // upper-case extension, binary
  'empty.txt': '',
  'data/one-byte.bin': 'x',
  'data/two-bytes.bin': 'xy',
  // Over pages-pilot's whole-read threshold (3 MiB), so it is hashed streamed, in pieces whose
  // base64 must join up; not a multiple of 3 bytes, so the base64 ends with padding.
  'media/large.mp4': pseudoRandom(3 * 1024 * 1024 + 786_432 + 2, 42),
  // One content under two extensions: the hash includes the extension, so two hashes.
  'copies/a.txt': 'same content\n',
  'copies/b.html': 'same content\n',
  // Same content, same extension: one hash, uploaded once.
  'copies/c.txt': 'same content\n'
}

/** Files that configure the deployment or must be skipped. */
const OTHER_FILES: Record<string, string> = {
  _headers: '/*\n  X-Frame-Options: DENY\n',
  _redirects: '/old /new 301\n',
  'node_modules/pkg/index.js': 'module.exports = "ignored"\n',
  'assets/node_modules/dep.js': 'ignored too\n',
  '.DS_Store': 'junk',
  'assets/.DS_Store': 'junk'
}

const ASSET_COUNT = Object.keys(ASSETS).length

let emulator: Emulator
let siteDir: string
let wranglerReady = false

beforeAll(async () => {
  wranglerReady = await ensureWrangler(true)
  emulator = await startEmulator({ stageDurationsMs: FAST_STAGES, recordBodies: true })
  siteDir = mkdtempSync(join(tmpdir(), 'pages-pilot-conformance-'))
  for (const [path, content] of Object.entries({ ...ASSETS, ...OTHER_FILES })) {
    mkdirSync(join(siteDir, path, '..'), { recursive: true })
    writeFileSync(join(siteDir, path), content)
  }
  if (wranglerReady) console.log(`wrangler ${wranglerVersion()}, site ${siteDir}`)
}, 240_000)

afterAll(async () => {
  await emulator?.close()
  if (siteDir) rmSync(siteDir, { recursive: true, force: true })
})

/** `wrangler pages deploy` of the site; its requests and its exit are returned. */
async function wranglerDeploy(project: string) {
  const mark = emulator.requests.length
  const run = await runWrangler(
    emulator,
    [
      'pages',
      'deploy',
      siteDir,
      '--project-name',
      project,
      '--branch',
      'main',
      '--commit-hash',
      SHA,
      '--commit-message',
      'msg'
    ],
    { timeoutMs: 120_000 }
  )
  const requests = emulator.requests.slice(mark)
  console.log(
    `wrangler pages deploy (project ${project}) exited ${run.exitCode} in ${run.durationMs} ms; requests:\n` +
      requests.map(describeRequest).join('\n')
  )
  if (run.exitCode !== 0) console.log(`wrangler stdout:\n${run.stdout}\nstderr:\n${run.stderr}`)
  return { run, requests }
}

/** pages-pilot `deploy` of the site; its requests and its result are returned. */
async function pilotDeploy(project: string): Promise<{
  result: ActionResult
  requests: RecordedRequest[]
}> {
  const mark = emulator.requests.length
  const result = await runAction({
    inputs: {
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      'project-name': project,
      directory: siteDir,
      branch: 'main',
      'commit-hash': SHA,
      'commit-message': 'msg',
      'poll-interval': '100ms'
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl }
  })
  const requests = emulator.requests.slice(mark)
  console.log(
    `pages-pilot deploy (project ${project}) exited ${result.exitCode} in ${result.durationMs} ms; requests:\n` +
      requests.map(describeRequest).join('\n')
  )
  if (result.exitCode !== 0) console.log(`pages-pilot stdout:\n${result.stdout}\n${result.stderr}`)
  return { result, requests }
}

function describeRequest(r: RecordedRequest): string {
  const files = isUpload(r) ? ` (${uploadedKeys(r).length} files)` : ''
  return `  ${r.method} ${r.path.replace(emulator.accountId, '{account}')} -> ${r.status ?? '?'}${files}`
}

function isUpload(r: RecordedRequest): boolean {
  return r.method === 'POST' && r.path.replace(/\?.*$/, '').endsWith('/pages/assets/upload')
}

/** Hashes (keys) of the files in an upload request's JSON body. */
function uploadedKeys(r: RecordedRequest): string[] {
  const body = JSON.parse(r.body?.toString('utf8') ?? '[]') as Array<{ key: string }>
  return body.map((file) => file.key)
}

function deploymentCreation(requests: RecordedRequest[], project: string): RecordedRequest {
  const found = requests.find(
    (r) => r.method === 'POST' && r.path.endsWith(`/pages/projects/${project}/deployments`)
  )
  if (!found) throw new Error(`no deployment was created in ${project}`)
  return found
}

/** The fields of a deployment-creation request (multipart), files read as text. */
async function formFields(request: RecordedRequest): Promise<Map<string, string>> {
  const form = await new Request('http://conformance.invalid/', {
    method: 'POST',
    headers: { 'content-type': request.headers['content-type'] ?? '' },
    body: request.body ?? Buffer.alloc(0)
  }).formData()
  const fields = new Map<string, string>()
  for (const [name, value] of form.entries()) {
    fields.set(name, typeof value === 'string' ? value : await value.text())
  }
  return fields
}

function manifestOf(fields: Map<string, string>): Record<string, string> {
  return JSON.parse(fields.get('manifest') ?? 'null') as Record<string, string>
}

function expectedPaths(): string[] {
  return Object.keys(ASSETS)
    .map((path) => `/${path}`)
    .sort()
}

describe('wrangler conformance (Direct Upload)', () => {
  /** Deployment-creation fields of each run, filled in by the tests in order. */
  const fields = {
    wranglerFirst: new Map<string, string>(),
    pilotSecond: new Map<string, string>(),
    pilotFirst: new Map<string, string>(),
    wranglerSecond: new Map<string, string>()
  }

  it('installs wrangler', () => {
    expect(wranglerReady).toBe(true)
  })

  it('(a) wrangler deploys to the emulator, which verifies every manifest hash', async () => {
    const project = 'conformance-wrangler-first'
    emulator.addProject({ name: project, source: 'direct' })
    const { run, requests } = await wranglerDeploy(project)
    expect(run.exitCode).toBe(0)

    const creation = deploymentCreation(requests, project)
    expect(creation.status).toBe(200)
    const deployments = emulator.listDeployments(project)
    expect(deployments).toHaveLength(1)
    expect(deployments[0]?.deployment_trigger.metadata).toMatchObject({
      branch: 'main',
      commit_hash: SHA,
      commit_message: 'msg'
    })
    fields.wranglerFirst = await formFields(creation)
    // The manifest names exactly the assets: special files and skipped names are left out.
    expect(Object.keys(manifestOf(fields.wranglerFirst)).sort()).toEqual(expectedPaths())
    expect(requests.filter(isUpload).length).toBeGreaterThan(0)
  })

  it('(b) pages-pilot then finds every file already uploaded', async () => {
    const project = 'conformance-wrangler-first'
    const { result, requests } = await pilotDeploy(project)
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('success')
    expect(result.outputs['files-found']).toBe(String(ASSET_COUNT))
    expect(result.outputs['files-uploaded']).toBe('0')
    expect(result.outputs['files-skipped']).toBe(String(ASSET_COUNT))
    expect(requests.filter(isUpload)).toHaveLength(0)
    fields.pilotSecond = await formFields(deploymentCreation(requests, project))
  })

  it('(c) wrangler after pages-pilot on a fresh project uploads nothing', async () => {
    const project = 'conformance-pilot-first'
    emulator.addProject({ name: project, source: 'direct' })
    const pilot = await pilotDeploy(project)
    expect(pilot.result.exitCode).toBe(0)
    expect(pilot.result.outputs['files-uploaded']).toBe(String(ASSET_COUNT))
    fields.pilotFirst = await formFields(deploymentCreation(pilot.requests, project))

    const { run, requests } = await wranglerDeploy(project)
    expect(run.exitCode).toBe(0)
    // Either no upload request at all, or upload requests that carry no file.
    const sent = requests.filter(isUpload).flatMap(uploadedKeys)
    expect(sent).toEqual([])
    expect(emulator.listDeployments(project)).toHaveLength(2)
    fields.wranglerSecond = await formFields(deploymentCreation(requests, project))
  })

  it('(d) both send the same manifest and special files at deployment creation', () => {
    const reference = manifestOf(fields.wranglerFirst)
    for (const other of [fields.pilotSecond, fields.pilotFirst, fields.wranglerSecond]) {
      expect(manifestOf(other)).toEqual(reference)
    }
    for (const name of ['_headers', '_redirects']) {
      expect(fields.pilotFirst.get(name)).toBe(OTHER_FILES[name])
      expect(fields.wranglerFirst.get(name)).toBe(OTHER_FILES[name])
    }
    const describeFields = (f: Map<string, string>) =>
      [...f.keys()].map((k) => (k === 'manifest' ? k : `${k}=${JSON.stringify(f.get(k))}`))
    console.log(
      `deployment fields\n  wrangler:    ${describeFields(fields.wranglerFirst).join(', ')}\n` +
        `  pages-pilot: ${describeFields(fields.pilotFirst).join(', ')}\n` +
        `manifest (${Object.keys(reference).length} entries, same in all four deployments):\n` +
        Object.entries(reference)
          .map(([path, hash]) => `  ${hash}  ${path}`)
          .join('\n')
    )
  })
})
