/**
 * The preview's address before the build: deploy and trigger compute the branch alias from the
 * branch, say it in the log and set `alias-url` at once, then report Cloudflare's, with a
 * warning when Cloudflare's is not the one computed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, projectWithHistory, startWorld } from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

describe('alias-url before the build', () => {
  it('trigger outputs the computed alias while Cloudflare does not list one yet', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { aliasLateMs: 60_000 })
    const result = await act(emulator, {
      operation: 'trigger',
      'project-name': name,
      branch: 'Dependabot/npm_and_yarn/dustjs-linkedin-3.0.0'
    })
    expect(result.exitCode).toBe(0)
    const expected = `https://dependabot-npm-and-yarn-dust.${name}.pages.dev`
    expect(result.outputs['alias-url']).toBe(expected)
    expect(result.published?.['alias-url']).toBe(expected)
    expect(result.stdout).toContain(
      `Preview URL (the branch alias, computed from the branch before the build): ${expected}`
    )
    expect(result.stdout).not.toContain('::warning::')
  })

  it('deploy sets it before the build starts, then reports the alias Cloudflare gave', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, { 'project-name': name, branch: 'feature/new-nav' })
    expect(result.exitCode).toBe(0)
    expect(result.published?.['alias-url']).toBe(`https://feature-new-nav.${name}.pages.dev`)
    const log = result.stdout
    expect(log.indexOf('Preview URL (the branch alias')).toBeLessThan(
      log.indexOf('Creating a deployment')
    )
    // The emulator serves *.pages.dev under its own origin; the label is the same.
    expect(result.outputs['alias-url']).toBe(
      `${emulator.origin}/__sites/feature-new-nav.${name}.pages.dev`
    )
    expect(log).not.toContain('::warning::')
  })

  it("warns when Cloudflare's alias is not the computed one, and reports Cloudflare's", async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { aliasLabel: 'feature-new-na' })
    const result = await act(emulator, { 'project-name': name, branch: 'feature/new-nav' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['alias-url']).toBe(
      `${emulator.origin}/__sites/feature-new-na.${name}.pages.dev`
    )
    expect(result.stdout).toMatch(
      new RegExp(
        `::warning::Cloudflare gave branch feature/new-nav the alias \\S+feature-new-na\\.${name}\\.pages\\.dev, not https://feature-new-nav\\.${name}\\.pages\\.dev as pages-pilot computed before the build; alias-url now reports Cloudflare's`
      )
    )
  })

  it('sets nothing early for a branch Cloudflare names at random, and reports the name it got', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, { 'project-name': name, branch: '___' })
    expect(result.exitCode).toBe(0)
    expect(result.published?.['alias-url']).toBeUndefined()
    expect(result.stdout).toContain('Cloudflare gives its alias a random name')
    expect(result.outputs['alias-url']).toMatch(
      new RegExp(`/__sites/branch-[a-z0-9]{10}\\.${name}\\.pages\\.dev$`)
    )
  })

  it("sets the project's own address for the production branch", async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, { 'project-name': name, branch: 'main' })
    expect(result.published?.['alias-url']).toBe(`https://${name}.pages.dev`)
    expect(result.outputs['alias-url']).toBe(`https://${name}.pages.dev`)
  })
})

describe('job-summary', () => {
  it('false writes no summary and leaves the outputs as they are', async () => {
    const { name } = projectWithHistory(emulator)
    const inputs = { 'project-name': name, branch: 'main' }
    const withSummary = await act(emulator, inputs)
    const without = await act(emulator, { ...inputs, 'job-summary': 'false' })
    expect(withSummary.summary).toContain('Cloudflare Pages')
    expect(without.summary).toBe('')
    const stable = (outputs: Record<string, string>) => Object.keys(outputs).sort()
    expect(stable(without.outputs)).toEqual(stable(withSummary.outputs))
    expect(without.outputs.status).toBe('success')
  })

  it('refuses a value that is not a boolean, naming the input', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, { 'project-name': name, 'job-summary': 'no' })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('job-summary')
  })
})
