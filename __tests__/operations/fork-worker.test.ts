/**
 * A fork's Worker can only bundle the fork's files. The `workflow_run` leg of the fork pattern
 * builds the artifact's `_worker.js` or Functions with esbuild on the runner that holds the
 * secrets; whatever a module imports would be bundled and served to the world. Each case is a
 * file a hostile fork would reach for: a credential by absolute path, the workspace root's
 * `gha-creds-*.json` through a template `import()`, a symlink in `_worker.js/`.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, startWorld, uniqueProject } from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

const SECRET = 'do-not-publish-4f1c9e'

/**
 * A runner as the fork pattern leaves it: credentials at the workspace root (as
 * google-github-actions/auth writes them) and in the home folder, the fork's artifact in
 * `site/`, with `files` (path → content) inside it.
 */
function runner(files: Record<string, string>): { workspace: string; home: string } {
  const top = mkdtempSync(join(tmpdir(), 'pages-pilot-fork-'))
  const workspace = join(top, 'work')
  const home = join(top, 'home')
  const write = (path: string, content: string): void => {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
  }
  write(join(workspace, 'gha-creds-1a2b.json'), JSON.stringify({ private_key: SECRET }))
  write(join(home, '.docker', 'config.json'), JSON.stringify({ auth: SECRET }))
  write(join(home, 'secret.js'), `export default ${JSON.stringify(SECRET)}`)
  for (const [path, content] of Object.entries(files)) write(join(workspace, 'site', path), content)
  return { workspace, home }
}

/** The `workflow_run` of a fork's pull request, as the documented deploy workflow gets it. */
const FORK_RUN = {
  env: { GITHUB_EVENT_NAME: 'workflow_run' },
  event: {
    repository: { full_name: 'acme/site' },
    workflow_run: {
      event: 'pull_request',
      head_sha: 'f0'.repeat(20),
      head_branch: 'feature',
      head_repository: { full_name: 'mallory/site' },
      repository: { full_name: 'acme/site' },
      pull_requests: []
    }
  }
}

async function deployFork(
  workspace: string,
  inputs: Record<string, string> = {},
  run: { env: Record<string, string>; event: unknown } = FORK_RUN
) {
  const name = uniqueProject('fork')
  emulator.addProject({ name, source: 'direct' })
  const result = await act(
    emulator,
    {
      'project-name': name,
      'working-directory': 'site',
      directory: '.',
      branch: 'pr-7',
      ...inputs
    },
    { env: { ...run.env, GITHUB_WORKSPACE: workspace }, event: run.event }
  )
  return { name, result, deployments: emulator.listDeployments(name) }
}

/** Every byte the emulator received for `project`'s deployments: the bundle, the form, assets. */
function published(name: string): string {
  return emulator
    .listDeployments(name)
    .map((d) => JSON.stringify(emulator.getUpload(d.id) ?? {}))
    .join('\n')
}

describe("a fork's Worker", () => {
  it('importing a credential by absolute path is refused before anything is uploaded', async () => {
    const { workspace, home } = runner({ 'index.html': 'x', '_worker.js': '' })
    writeFileSync(
      join(workspace, 'site', '_worker.js'),
      `import creds from ${JSON.stringify(join(home, '.docker', 'config.json'))}
       export default { fetch: () => Response.json(creds) }`
    )
    const { name, result, deployments } = await deployFork(workspace)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      `Bundling _worker.js reads files outside the project, so nothing was uploaded`
    )
    expect(result.outputs.error).toContain(
      `_worker.js imports '${join(home, '.docker', 'config.json')}', which is ${join(home, '.docker', 'config.json')}`
    )
    expect(deployments).toHaveLength(0)
    expect(emulator.requests.some((r) => r.path.includes(`${name}/upload-token`))).toBe(false)
    expect(published(name)).not.toContain(SECRET)
    expect(result.allText).not.toContain(SECRET)
  })

  it("reaching the workspace root's gha-creds-*.json through a template import() is refused", async () => {
    const { workspace } = runner({
      'index.html': 'x',
      '_worker.js': `export default { fetch: (request) => import(\`../gha-creds-\${new URL(request.url).searchParams.get('id')}.json\`).then((m) => Response.json(m.default)) }`
    })
    const { result, deployments } = await deployFork(workspace)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /_worker\.js imports '\.\.\/gha-creds-\*\.json', which is .*gha-creds-1a2b\.json/
    )
    expect(deployments).toHaveLength(0)
  })

  it.each(['true', 'false'])(
    'with a symlink in _worker.js/ that points outside is refused (bundle: %s)',
    async (bundle) => {
      const { workspace, home } = runner({
        'index.html': 'x',
        '_worker.js/index.js': `import secret from './lib.js'
          export default { fetch: () => new Response(secret) }`
      })
      symlinkSync(join(home, 'secret.js'), join(workspace, 'site', '_worker.js', 'lib.js'))
      const { name, result, deployments } = await deployFork(workspace, { bundle })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.error).toContain(
        `has a symlink at '_worker.js/lib.js' that points outside the folder (to ${join(home, 'secret.js')})`
      )
      expect(deployments).toHaveLength(0)
      expect(published(name)).not.toContain(SECRET)
    }
  )

  it('that is itself a symlink to a file outside the folder is refused', async () => {
    const { workspace, home } = runner({ 'index.html': 'x' })
    symlinkSync(join(home, 'secret.js'), join(workspace, 'site', '_worker.js'))
    const { result, deployments } = await deployFork(workspace, { bundle: 'false' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      "has a symlink at '_worker.js' that points outside the folder"
    )
    expect(deployments).toHaveLength(0)
  })

  it('as Functions importing a file above the project is refused, naming the Function', async () => {
    const { workspace } = runner({
      'index.html': 'x',
      'functions/api/leak.js': `import creds from '../../../gha-creds-1a2b.json'
        export const onRequest = () => Response.json(creds)`
    })
    const { result, deployments } = await deployFork(workspace)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      'Compiling the Functions in functions reads files outside the project'
    )
    expect(result.outputs.error).toMatch(
      /site\/functions\/api\/leak\.js imports '\.\.\/\.\.\/\.\.\/gha-creds-1a2b\.json', which is .*\/work\/gha-creds-1a2b\.json/
    )
    expect(deployments).toHaveLength(0)
  })

  it("builds from the fork's own files and node_modules, and deploys", async () => {
    const { workspace } = runner({
      'index.html': 'x',
      '_worker.js/index.js': `import { answer } from './chunks/answer.js'
        import { greet } from 'greeting-lib'
        export default { fetch: () => new Response(greet(answer)) }`,
      '_worker.js/chunks/answer.js': 'export const answer = 42',
      'node_modules/greeting-lib/package.json': '{"name":"greeting-lib","main":"index.js"}',
      'node_modules/greeting-lib/index.js': 'exports.greet = (who) => "Hello, " + who'
    })
    const { result, deployments } = await deployFork(workspace)
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(deployments).toHaveLength(1)
  })

  it('is refused when working-directory is the workspace root, where credentials are left', async () => {
    const { workspace } = runner({ 'index.html': 'x' })
    const { name, result, deployments } = await deployFork(workspace, {
      'working-directory': '.',
      directory: 'site'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      "working-directory: this run deploys the code of a fork's pull request, and working-directory is the workspace root"
    )
    expect(result.outputs.error).toContain('working-directory: site with directory: .')
    expect(deployments).toHaveLength(0)
    expect(emulator.requests.some((r) => r.path.includes(name))).toBe(false)
  })

  it("never reads a wrangler configuration that came with the fork's files", async () => {
    const { workspace } = runner({
      'index.html': 'x',
      'wrangler.toml': `name = "production-site"
        pages_build_output_dir = ".."
        [[d1_databases]]
        binding = "DB"
        database_name = "prod"
        database_id = "00000000-0000-0000-0000-000000000000"`,
      '_worker.js': 'export default { fetch: (request, env) => new Response(String(env.DB)) }'
    })
    const { name, result, deployments } = await deployFork(workspace)
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(result.stdout).toMatch(
      /::warning::wrangler\.toml in working-directory is not read: this run deploys a fork's pull request/
    )
    const upload = emulator.getUpload(deployments[0]?.id ?? '')
    expect(upload?.worker?.metadata).toEqual({ main_module: 'bundledWorker.mjs' })
    // Its pages_build_output_dir ("..", the workspace root) chose nothing.
    expect(Object.keys(upload?.manifest ?? {}).sort()).toEqual(['/index.html', '/wrangler.toml'])
    expect(published(name)).not.toContain(SECRET)
  })
})

describe("a project's own Worker (not a fork's)", () => {
  const PUSH = { env: { GITHUB_EVENT_NAME: 'push' }, event: {} }

  it('may use the workspace packages its node_modules links to, and the node_modules above it', async () => {
    const { workspace } = runner({
      'index.html': 'x',
      'functions/api/hello.js': `import { greet } from '@acme/ui'
        import { shout } from 'shout'
        export const onRequest = () => new Response(shout(greet('you')))`
    })
    const write = (path: string, content: string): void => {
      mkdirSync(dirname(join(workspace, path)), { recursive: true })
      writeFileSync(join(workspace, path), content)
    }
    write('packages/ui/package.json', '{"name":"@acme/ui","main":"index.js"}')
    write('packages/ui/index.js', 'exports.greet = (who) => "hello " + who')
    write('node_modules/shout/package.json', '{"name":"shout","main":"index.js"}')
    write('node_modules/shout/index.js', 'exports.shout = (text) => text.toUpperCase()')
    mkdirSync(join(workspace, 'node_modules', '@acme'))
    symlinkSync(join(workspace, 'packages', 'ui'), join(workspace, 'node_modules', '@acme', 'ui'))
    const own = await deployFork(workspace, {}, PUSH)
    expect([own.result.exitCode, own.result.outputs.error]).toEqual([0, ''])

    // The same link in a fork's run is refused: a fork's files may point nowhere.
    const fork = await deployFork(workspace)
    expect(fork.result.exitCode).toBe(1)
    expect(fork.result.outputs.error).toMatch(
      /imports '@acme\/ui', which is .*\/work\/packages\/ui\/index\.js/
    )
  })
})
