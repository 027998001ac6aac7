/**
 * The action's console, as the runner reads it: text from outside never becomes a workflow
 * command, and a registered secret is redacted by pages-pilot itself, not left to the runner's
 * mask alone (which misses a secret split over lines, or printed before it was masked).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { actionsConsole } from '../src/action/console.js'
import { inert } from '../src/util/inert-text.js'
import { registerSecret } from '../src/util/secrets.js'
import { liveCommands } from './support/runner-commands.js'

let printed = ''
const write = process.stdout.write.bind(process.stdout)
beforeEach(() => {
  printed = ''
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed += chunk.toString()
    return true
  }) as typeof process.stdout.write
})
afterEach(() => {
  process.stdout.write = write
})

describe('the action console', () => {
  it('prints a plain line as it is', () => {
    actionsConsole.info('Deployment abc is live at https://abc.site.pages.dev')
    expect(printed).toBe('Deployment abc is live at https://abc.site.pages.dev\n')
    expect(liveCommands(printed)).toEqual([])
  })

  it.each([
    '::add-mask::Success',
    '  ::set-output name=status::success',
    'progress\r::error file=a.ts,line=1::forged',
    'first line\n##[set-env name=NODE_OPTIONS;]--require /tmp/x.js',
    '::stop-commands::guessed\n::warning::after the guess'
  ])('keeps %j inert, and still shows it', (text) => {
    actionsConsole.info(text)
    const commands = liveCommands(printed)
    expect(commands.map((c) => c.name)).toEqual(['stop-commands'])
    expect(printed).toContain(text)
  })

  it('uses a fresh, unguessable token for every region', () => {
    const [open] = inert('::x::')
    const [again] = inert('::x::')
    expect(open).toMatch(/^::stop-commands::[0-9a-f]{32}$/)
    expect(again).not.toBe(open)
  })

  it('redacts a registered secret from every kind of line', () => {
    const secret = 'sk-test-4a7c1e9b2d'
    registerSecret(secret)
    actionsConsole.info(`token=${secret}`)
    actionsConsole.warning(`warning ${secret}`)
    actionsConsole.notice(`notice ${secret}`)
    actionsConsole.error(`error ${secret}`, `title ${secret}`)
    actionsConsole.startGroup(`group ${secret}`)
    actionsConsole.endGroup()
    expect(printed).not.toContain(secret)
    expect(printed.match(/\*\*\*/g)).toHaveLength(6)
  })
})
