/**
 * The command line as a user gets it: the package packed with `npm pack`, installed into a
 * fresh project (offline: it must need nothing else) and run with `npx pages-pilot` against
 * the emulator, outside any CI.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { startWorld, uniqueProject } from './support/world.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..')

let emulator: Emulator
let userProject: string
beforeAll(async () => {
  emulator = await startWorld()
  const packed = mkdtempSync(join(tmpdir(), 'pages-pilot-pack-'))
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packed], {
    cwd: ROOT,
    encoding: 'utf8'
  }).trim()
  userProject = mkdtempSync(join(tmpdir(), 'pages-pilot-user-'))
  writeFileSync(
    join(userProject, 'package.json'),
    JSON.stringify({ name: 'user-site', private: true })
  )
  execFileSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', join(packed, tarball.split('\n').pop()!)],
    { cwd: userProject, stdio: 'pipe' }
  )
}, 120_000)
afterAll(async () => {
  await emulator.close()
})

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * `npx pages-pilot <args>` in the user's project, with the emulator's credentials; `direct`
 * runs the installed bin itself (npm does not pass a signal on to the command it runs).
 */
function npx(
  args: string[],
  options: { killWith?: NodeJS.Signals; killOn?: Promise<unknown>; direct?: boolean } = {}
): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: userProject,
    CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl,
    CLOUDFLARE_API_TOKEN: emulator.token,
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
    XDG_CACHE_HOME: join(userProject, '.cache')
  }
  const child = options.direct
    ? spawn(join(userProject, 'node_modules', '.bin', 'pages-pilot'), args, {
        cwd: userProject,
        env
      })
    : spawn('npx', ['--offline', '--no-install', 'pages-pilot', ...args], { cwd: userProject, env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  void options.killOn?.then(() => child.kill(options.killWith))
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

describe('the packed package', () => {
  it('installs alone: a bin and no runtime dependencies', () => {
    const installed = readdirSync(join(userProject, 'node_modules')).filter(
      (n) => !n.startsWith('.')
    )
    expect(installed).toEqual(['pages-pilot'])
    const pkg = JSON.parse(
      readFileSync(join(userProject, 'node_modules', 'pages-pilot', 'package.json'), 'utf8')
    ) as { bin: Record<string, string>; dependencies?: unknown; private?: boolean }
    expect(pkg.bin).toEqual({ 'pages-pilot': 'dist/cli/index.js' })
    expect(pkg.dependencies).toBeUndefined()
    expect(pkg.private).toBeUndefined()
  })

  it('deploys a folder, then reports its status as JSON', async () => {
    const name = uniqueProject('npx')
    emulator.addProject({ name, source: 'direct' })
    const site = mkdtempSync(join(userProject, 'dist-'))
    writeFileSync(join(site, 'index.html'), '<h1>from npx</h1>')
    const deployed = await npx([
      'deploy',
      '--project-name',
      name,
      '--directory',
      site,
      '--branch',
      'main',
      '--poll-interval',
      '100ms',
      '--json'
    ])
    expect(deployed.stderr).toContain(`Creating a deployment of branch main in project ${name}`)
    expect(deployed.code).toBe(0)
    const outputs = JSON.parse(deployed.stdout) as Record<string, string>
    expect(outputs).toMatchObject({ status: 'success', 'files-uploaded': '1' })
    const served = await fetch(outputs.url ?? '')
    expect(served.status).toBe(200)

    const status = await npx(['status', '--project-name', name, '--json'])
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout)).toMatchObject({
      'deployment-id': outputs['deployment-id'],
      status: 'success',
      'canonical-deployment-id': outputs['deployment-id']
    })
    expect(deployed.stderr + status.stderr).not.toContain(emulator.token)
    expect(deployed.stderr + status.stderr).not.toMatch(/^::/m)
  })

  it('exits 1 when the build fails', async () => {
    const name = uniqueProject('npx-fail')
    emulator.addProject({ name })
    emulator.scriptNextDeployments(name, { outcome: 'failure', failAt: 'build' })
    const run = await npx(['deploy', '--project-name', name, '--poll-interval', '100ms'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/failed/i)
  })

  it('exits 2 on an unknown flag, and alone, with the usage', async () => {
    const run = await npx(['deploy', '--project-nam', 'x'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('unknown flag --project-nam')
    const alone = await npx([], { direct: true })
    expect([alone.code, alone.stdout]).toEqual([2, ''])
    expect(alone.stderr).toMatch(/^Usage: pages-pilot <operation> \[flags\]\n/)
  })

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130]
  ] as const)(
    'exits on %s while waiting on Cloudflare with code %i, outputs written',
    async (signal, code) => {
      const name = uniqueProject('npx-signal')
      emulator.addProject({ name })
      emulator.addFaults({ kind: 'hang', match: { method: 'GET', path: `/projects/${name}` } })
      const arrived = new Promise<void>((resolve) => {
        const stop = emulator.onRequest((request) => {
          if (!request.path.includes(`/projects/${name}`)) return
          stop()
          resolve()
        })
      })
      const run = await npx(['status', '--project-name', name, '--json'], {
        killOn: arrived,
        killWith: signal,
        direct: true
      })
      expect(run.code).toBe(code)
      expect(JSON.parse(run.stdout)).toMatchObject({ error: expect.stringContaining('cancelled') })
    }
  )
})
