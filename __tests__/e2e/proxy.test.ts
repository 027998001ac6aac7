/**
 * Behind an HTTP proxy (`https_proxy`, as self-hosted runners set it), the bundle reaches the API
 * through a CONNECT tunnel: http-client's tunnel, which the bundle loads only then
 * (src/shims/tunnel.ts). The API is HTTPS as in real life: a TLS front with a certificate made
 * for this test (openssl), trusted through NODE_EXTRA_CA_CERTS, passes to the emulator. The
 * proxy sees where the run connects and nothing else: no token, no path.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { DIST, loadedModules, type LoadedModules } from '../../harness/loaded-code.js'
import { parseOutputs, runnerStep } from '../../harness/run-action.js'
import { startWorld, uniqueProject } from './support/world.js'

const API_HOST = 'api.proxy.test'

let emulator: Emulator
let front: TlsServer
let proxy: Server
let dir: string
let certFile: string
/** What the proxy read in clear: each CONNECT's request line and headers. */
const seenByProxy: string[] = []
const sockets = new Set<Socket>()

const portOf = (server: Server | TlsServer): number => (server.address() as AddressInfo).port

beforeAll(async () => {
  emulator = await startWorld()
  dir = mkdtempSync(join(tmpdir(), 'pages-pilot-proxy-'))
  const keyFile = join(dir, 'key.pem')
  certFile = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${API_HOST}`,
      '-addext',
      `subjectAltName=DNS:${API_HOST}`,
      '-keyout',
      keyFile,
      '-out',
      certFile
    ],
    { stdio: 'ignore' }
  )
  const emulatorPort = Number(new URL(emulator.apiBaseUrl).port)
  // The TLS front: Cloudflare's side of the tunnel, decrypting for the emulator.
  front = createTlsServer(
    { key: readFileSync(keyFile), cert: readFileSync(certFile) },
    (secure) => {
      sockets.add(secure)
      const plain = connect(emulatorPort, '127.0.0.1')
      sockets.add(plain)
      secure.pipe(plain).pipe(secure)
      secure.on('error', () => plain.destroy())
      plain.on('error', () => secure.destroy())
    }
  )
  await new Promise<void>((done) => front.listen(0, '127.0.0.1', done))
  proxy = createServer((_request, response) => {
    // Only tunnels: a plain request through this proxy would show it the token.
    response.writeHead(405).end()
  })
  proxy.on('connect', (request, client: Socket, head: Buffer) => {
    sockets.add(client)
    seenByProxy.push(
      `${request.method} ${request.url} ${JSON.stringify(request.headers)} ${head.toString('latin1')}`
    )
    if (request.url !== `${API_HOST}:${portOf(front)}`) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const upstream = connect(portOf(front), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client).pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done))
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((done) => proxy.close(done))
  await new Promise((done) => front.close(done))
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * Runs the bundle's `status` of a new project with one deployment, `network` over the runner's
 * variables: the deployment, the `deployment-id` output it wrote, and the modules it loaded.
 */
async function status(
  prefix: string,
  network: Record<string, string>
): Promise<{ deploymentId: string; output: string | undefined; modules: LoadedModules }> {
  const name = uniqueProject(prefix)
  emulator.addProject({ name })
  const deployment = emulator.seedDeployment(name)
  const step = runnerStep(
    {
      operation: 'status',
      'project-name': name,
      'api-token': emulator.token,
      'account-id': emulator.accountId
    },
    network
  )
  const modules = await loadedModules([join(DIST, 'index.js')], step.env, step.dir)
  const output = parseOutputs(readFileSync(step.outputFile, 'utf8'))['deployment-id']
  return { deploymentId: deployment.id, output, modules }
}

describe('behind an HTTP proxy', () => {
  it('reaches the HTTPS API through a tunnel the proxy cannot read, loading tunnel only then', async () => {
    const seenBefore = seenByProxy.length
    const { deploymentId, output, modules } = await status('proxied', {
      CLOUDFLARE_API_BASE_URL: `https://${API_HOST}:${portOf(front)}${new URL(emulator.apiBaseUrl).pathname}`,
      https_proxy: `http://127.0.0.1:${portOf(proxy)}`,
      NODE_EXTRA_CA_CERTS: certFile
    })

    expect(output).toBe(deploymentId)
    const seen = seenByProxy.slice(seenBefore)
    expect(seen.length).toBeGreaterThan(0)
    for (const line of seen) {
      expect(line).toMatch(new RegExp(`^CONNECT ${API_HOST}:${portOf(front)} `))
      expect(line).not.toContain(emulator.token)
      expect(line).not.toContain('/pages/projects')
    }
    expect(modules.required).toContain('tunnel.cjs')
  })

  it('loads neither tunnel nor Node’s assert and child_process when no proxy is set', async () => {
    const { deploymentId, output, modules } = await status('direct', {
      CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl
    })

    expect(output).toBe(deploymentId)
    expect(modules.required).not.toContain('tunnel.cjs')
    expect(modules.builtins).not.toContain('assert')
    expect(modules.builtins).not.toContain('child_process')
  })
})
