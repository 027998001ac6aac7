/**
 * No workflow command from outside. A build's log (a fork's Git build, say) and Cloudflare's
 * error messages reach the runner's log through pages-pilot; a line there that reads
 * `::add-mask::`, `::set-output`, `::stop-commands::` or `::error file=…` must stay text. The
 * bundle runs as the runner runs it, and its stdout is read as the runner reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { liveCommands } from '../support/runner-commands.js'
import { act, projectWithHistory, startWorld } from './support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

/** What a hostile build prints, each line a command the runner would act on if printed raw. */
const HOSTILE = [
  '::add-mask::Success',
  '::set-output name=status::success',
  '::stop-commands::pwned',
  '::error file=src/index.ts,line=1,title=Security::Your token leaked: rotate it at https://evil.example',
  '::warning::indented text follows',
  '    ::notice::an indented command',
  'progress 50%\r::notice title=after a carriage return::evil',
  '##[set-output name=url;]https://evil.example',
  '::debug::x',
  '::group::Pretend group',
  '::pwned::'
]

/** The commands pages-pilot itself issues: masks, groups, annotations and its own regions. */
const OURS = new Set([
  'add-mask',
  'group',
  'endgroup',
  'error',
  'warning',
  'notice',
  'debug',
  'stop-commands'
])

/** The commands the runner would have taken from `lines`, had they been printed raw. */
const forged = (lines: string[]) => lines.flatMap((line) => liveCommands(line))

function assertNoForeignCommand(stdout: string, hostile: string[], secrets: string[]) {
  const commands = liveCommands(stdout)
  const forbidden = forged(hostile)
  expect(forbidden.length).toBe(hostile.filter((line) => /::|##\[/.test(line)).length)
  for (const command of commands) {
    expect(OURS).toContain(command.name)
    expect(forbidden).not.toContainEqual(command)
    if (command.name === 'add-mask') expect(secrets).toContain(command.value)
    // An annotation may quote a build line, escaped into its text, never pointing at a file.
    expect(command.properties).not.toMatch(/file=|line=/)
  }
  return commands
}

describe('text from outside in the runner log', () => {
  it("a failed build's log lines stay text, in the deploy and in operation logs", async () => {
    const { name, live } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'failure', logLines: HOSTILE })
    const deploy = await act(emulator, { 'project-name': name, branch: 'main' })
    expect(deploy.exitCode).toBe(1)
    // The lines are all there for the reader, inside stop-commands regions.
    for (const line of HOSTILE) expect(deploy.stdout).toContain(line.split('\r').at(-1))
    const commands = assertNoForeignCommand(deploy.stdout, HOSTILE, [
      emulator.token,
      emulator.accountId
    ])
    expect(commands.filter((c) => c.name === 'stop-commands').length).toBeGreaterThanOrEqual(
      HOSTILE.length
    )
    // One annotation, the failure's own; the log lines stay in the group.
    expect(commands.filter((c) => c.name === 'error')).toHaveLength(1)
    expect(deploy.outputs.status).toBe('failure')

    const failed = emulator.listDeployments(name).find((d) => d.id !== live.id)
    const logs = await act(emulator, {
      operation: 'logs',
      'project-name': name,
      'deployment-id': failed?.id ?? ''
    })
    expect(logs.exitCode).toBe(0)
    assertNoForeignCommand(logs.stdout, HOSTILE, [emulator.token, emulator.accountId])
  })

  it('a failed build is one error annotation quoting its first error lines, the log in a group', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'failure', failAt: 'build' })
    const deploy = await act(emulator, { 'project-name': name, branch: 'main' })
    expect(deploy.exitCode).toBe(1)
    const commands = liveCommands(deploy.stdout)
    const errors = commands.filter((c) => c.name === 'error')
    expect(errors).toHaveLength(1)
    const id = deploy.outputs['deployment-id'] ?? ''
    expect(errors[0]?.value.split('%0A')).toEqual([
      `pages-pilot deploy: deployment ${id} ended with build: failure.`,
      'First errors in the build log:',
      '✘ [ERROR] Could not resolve "./components/Header"',
      'Error: Build failed with 1 error:',
      'src/App.tsx:3:19: ERROR: Could not resolve "./components/Header"'
    ])
    // Every line of the log, the error lines too, between the group's start and end.
    const lines = deploy.stdout.split('\n')
    const start = lines.findIndex((l) => l.startsWith('::group::Build log of'))
    const end = lines.indexOf('::endgroup::', start)
    expect(start).toBeGreaterThanOrEqual(0)
    expect(lines.slice(start, end)).toContain('Failed: build command exited with code: 1')
    expect(lines.slice(end)).not.toContain('Failed: build command exited with code: 1')
  })

  const MESSAGE = `bad request\n::set-output name=url::https://evil.example\n::add-mask::pwned`
  it("Cloudflare's error message stays text", async () => {
    const { name } = projectWithHistory(emulator)
    emulator.addFaults({
      match: { method: 'POST', path: `/pages/projects/${name}/deployments` },
      kind: 'success-false',
      code: 8000001,
      message: MESSAGE,
      times: 5
    })
    const result = await act(emulator, { 'project-name': name, branch: 'main' })
    expect(result.exitCode).toBe(1)
    assertNoForeignCommand(result.stdout, MESSAGE.split('\n'), [emulator.token, emulator.accountId])
    expect(result.outputs.url ?? '').not.toContain('evil')
  })
})
