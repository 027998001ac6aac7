/**
 * One bundle for both entry points (CONTRIBUTING.md, "The bundle"): the action and the command
 * load the same chunks from dist/, each entry only what its work needs, so that `--version`
 * answers as soon as Node has started and a `status` loads no upload, Functions or GitHub code.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { DIST, loadedCode, loadedModules, type LoadedFile } from '../../harness/loaded-code.js'
import { runnerStep } from '../../harness/run-action.js'
import { startWorld, uniqueProject } from './support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

const total = (files: LoadedFile[]): number => files.reduce((sum, f) => sum + f.bytes, 0)
const base = { PATH: process.env.PATH, HOME: tmpdir() }

describe('the bundle', () => {
  it('ships the code once: the command has only its entry, beside the shared chunks', () => {
    expect(readdirSync(join(DIST, 'cli'))).toEqual(['index.js'])
    const chunks = readdirSync(DIST).filter((name) => /^\d+\.index\.js$/.test(name))
    const contents = chunks.map((name) => readFileSync(join(DIST, name), 'utf8'))
    expect(new Set(contents).size).toBe(chunks.length)
  })

  it('answers --version and --help without loading any operation', async () => {
    for (const flag of ['--version', '--help']) {
      const files = await loadedCode([join(DIST, 'cli', 'index.js'), flag], base, tmpdir())
      expect(files.map((f) => f.file)).toEqual(
        expect.arrayContaining(['cli/index.js', 'bundle.js'])
      )
      expect(total(files)).toBeLessThan(40_000)
      // Nor Node's crypto (6 to 12 ms to load), which only a workflow-command token needs.
      const { builtins } = await loadedModules(
        [join(DIST, 'cli', 'index.js'), flag],
        base,
        tmpdir()
      )
      expect(builtins).not.toContain('crypto')
    }
  })

  it('runs a status loading neither the upload nor GitHub, its largest chunk under 400 kB', async () => {
    const name = uniqueProject('layout')
    emulator.addProject({ name })
    emulator.seedDeployment(name)
    const step = runnerStep(
      {
        operation: 'status',
        'project-name': name,
        'api-token': emulator.token,
        'account-id': emulator.accountId
      },
      { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl }
    )
    const files = await loadedCode([join(DIST, 'index.js')], step.env, step.dir)
    expect(readFileSync(step.outputFile, 'utf8')).toContain('deployment-id')
    const code = files.map((f) => readFileSync(join(DIST, f.file), 'utf8')).join('\n')
    // Code each of those would bring: the upload's content types, Octokit's endpoints.
    expect(code).not.toContain('application/vnd.ms-fontobject')
    expect(code).not.toContain('/repos/{owner}/{repo}/deployments')
    expect(Math.max(...files.map((f) => f.bytes))).toBeLessThan(400_000)
  })

  it('holds no undici: its stand-in constructs, and says what happened if it is ever used', async () => {
    const code = readdirSync(DIST)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(DIST, name), 'utf8'))
      .join('\n')
    expect(code).not.toContain('UND_ERR_')
    const { ProxyAgent } = (await import(pathToFileURL(join(DIST, 'undici.js')).href)) as {
      ProxyAgent: new (options: unknown) => { options: unknown; dispatch: () => never }
    }
    const agent = new ProxyAgent({ uri: 'http://proxy.example:8080', pipelining: 1 })
    expect(agent.options).toEqual({ uri: 'http://proxy.example:8080', pipelining: 1 })
    expect(() => agent.dispatch()).toThrow(/does not bundle undici/)
  })

  it('holds no @actions/exec: its stand-in refuses to run a program, naming what called it', async () => {
    const { getExecOutput } = (await import(pathToFileURL(join(DIST, 'exec.js')).href)) as {
      getExecOutput: (commandLine: string) => Promise<unknown>
    }
    await expect(getExecOutput('lsb_release')).rejects.toThrow(
      /does not bundle @actions\/exec, so 'lsb_release' was not run: .*platform\.getDetails\(\)/
    )
    const code = readdirSync(DIST)
      .filter((name) => /^\d+\.index\.js$/.test(name))
      .map((name) => readFileSync(join(DIST, name), 'utf8'))
      .join('\n')
    // @actions/exec's own message for a command that cannot be found.
    expect(code).not.toContain('Unable to locate executable file')
  })
})
