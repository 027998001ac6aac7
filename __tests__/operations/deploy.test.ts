import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, projectWithHistory, startWorld, visibleLines } from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

describe('operation: deploy', () => {
  it('deploys a preview branch, waits for it and reports it in outputs and the summary', async () => {
    const { name, live } = projectWithHistory(emulator)
    const result = await act(emulator, { 'project-name': name, branch: 'feature/login' })

    expect(result.exitCode).toBe(0)
    const out = result.outputs
    expect(out.status).toBe('success')
    expect(out.stage).toBe('deploy')
    expect(out.environment).toBe('preview')
    expect(out.branch).toBe('feature/login')
    expect(out['previous-deployment-id']).toBe(live.id)
    expect(out['rolled-back']).toBe('false')
    expect(out['health-check']).toBe('skipped')
    const deployment = emulator.getDeployment(out['deployment-id'] ?? '')
    expect(deployment?.environment).toBe('preview')
    expect(out.url).toBe(deployment?.url)
    expect(out['short-id']).toBe(deployment?.short_id)
    expect(out['alias-url']).toMatch(/feature-login\.site-.*\.pages\.dev$/)
    expect(out.error).toBe('')

    // Production was not touched by a preview.
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(live.id)

    expect(result.summary).toContain('✅ Cloudflare Pages deploy · ' + name)
    expect(result.summary).toContain(`<a href="${out.url}">`)
    expect(result.summary).toContain('<code>feature/login</code>')
    expect(result.summary).toMatch(/<th>Stage<\/th><th>Status<\/th><th>Duration<\/th>/)
  })

  it('prints one line per stage change, not one per poll', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, { 'project-name': name, branch: 'docs' })
    const stageLines = visibleLines(result).filter((line) =>
      /^(queued|initialize|clone_repo|build|deploy): /.test(line)
    )
    const builds = stageLines.filter((line) => line.startsWith('build: '))
    expect(builds.length).toBeGreaterThanOrEqual(1)
    expect(builds).toEqual([expect.stringMatching(/^build: active \(\d+(ms|s)\)$/)]) // never repeated per poll
    expect(new Set(stageLines).size).toBe(stageLines.length)
    expect(stageLines.at(-1)).toMatch(/^deploy: success \(\d+(ms|s)\)$/)
  })

  it('deploys production, passes the health check and reports the new live deployment', async () => {
    const { name, live } = projectWithHistory(emulator)
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      'health-check-path': '/healthz'
    })

    expect(result.exitCode).toBe(0)
    expect(result.outputs.environment).toBe('production')
    expect(result.outputs['health-check']).toBe('passed')
    expect(result.outputs['previous-deployment-id']).toBe(live.id)
    expect(result.outputs['alias-url']).toBe(`https://${name}.pages.dev`)
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(
      result.outputs['deployment-id']
    )
    expect(result.stdout).toMatch(/Health check passed: GET .*\/healthz answered 200/)
    expect(result.summary).toContain('✅ passed')
  })

  it('fails on a failed build, printing the log in a group and one error annotation', async () => {
    const { name, live } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'failure', failAt: 'build' })
    const result = await act(emulator, { 'project-name': name, branch: 'main' })

    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('failure')
    expect(result.outputs.stage).toBe('build')
    expect(result.outputs.error).toMatch(/ended with build: failure/)
    expect(result.stdout).toMatch(/::group::Build log of [0-9a-f]{8} \(\d+ lines\)/)
    expect(result.stdout).toContain('::endgroup::')
    const annotations = result.stdout.split('\n').filter((l) => l.startsWith('::error'))
    expect(annotations).toEqual([
      expect.stringMatching(
        /^::error::pages-pilot deploy: deployment .* ended with build: failure\.%0AFirst errors in the build log:%0A✘ \[ERROR\] Could not resolve/
      )
    ])

    const logsFile = result.outputs['logs-file'] ?? ''
    expect(existsSync(logsFile)).toBe(true)
    expect(logsFile.startsWith(result.dir)).toBe(true) // under RUNNER_TEMP
    expect(readFileSync(logsFile, 'utf8')).toContain('Failed: build command exited with code: 1')

    // A failed build never goes live, so nothing needs rolling back.
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(live.id)
    expect(result.outputs['rolled-back']).toBe('false')
    expect(result.summary).toContain('❌ Cloudflare Pages deploy')
    expect(result.summary).toContain('Build log (last')
    expect(result.summary).toContain('Failed: build command exited with code: 1')
    expect(result.summary).toContain(`production still serves ${live.id}`)
  })

  it('rolls production back when the health check fails and rollback-on-failure is on', async () => {
    const { name, live } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { siteStatus: 503 })
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      'health-check-path': '/',
      'health-check-timeout': '2s',
      'rollback-on-failure': 'true'
    })

    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('failure')
    expect(result.outputs['health-check']).toBe('failed')
    expect(result.outputs['rolled-back']).toBe('true')
    expect(result.outputs['rollback-deployment-id']).toBe(live.id)
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(live.id)
    expect(result.outputs.error).toMatch(/health check failed: GET .* answered HTTP 503/)
    expect(result.outputs.error).toContain(`rolled back to ${live.id}, which is live again`)
    expect(result.summary).toContain('⏪ Production was rolled back')
    expect(result.summary).toContain('verified live ✅')
  })

  it('leaves production alone when the health check fails without rollback-on-failure', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { siteStatus: 500 })
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      'health-check-path': '/',
      'health-check-timeout': '1s'
    })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['rolled-back']).toBe('false')
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(
      result.outputs['deployment-id']
    )
    expect(result.summary).toContain('rollback-on-failure is off')
  })

  it('warns once, before any request, that rollback-on-failure needs smoke-checks or health-check-path', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      'rollback-on-failure': 'true'
    })
    expect(result.exitCode).toBe(0)
    const warning =
      '::warning::rollback-on-failure: true rolls production back only when a new production deployment fails its smoke checks or health check, and neither is given, so nothing would ever be rolled back (a failed build never goes live). Add smoke-checks (such as / 200) or health-check-path (such as /healthz).'
    expect(
      result.stdout.split('\n').filter((line) => line.includes('rollback-on-failure'))
    ).toEqual([warning])
    // Said as the run starts, before anything is asked of Cloudflare.
    const lines = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    expect(lines[0]).toBe(warning)
  })

  it('never rolls back a preview deployment that fails its health check', async () => {
    const { name, live } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { siteStatus: 500 })
    const result = await act(emulator, {
      'project-name': name,
      branch: 'feature/x',
      'health-check-path': '/',
      'health-check-timeout': '1s',
      'rollback-on-failure': 'true'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['rolled-back']).toBe('false')
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(live.id)
  })

  it('deploys the branch a refs/heads/ ref names, with a notice, instead of a preview named after the ref', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, { 'project-name': name, branch: 'refs/heads/main' })
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(result.outputs.branch).toBe('main')
    expect(result.outputs.environment).toBe('production')
    expect(result.stdout).toContain(
      "::notice::branch: 'refs/heads/main' is the Git ref of a branch; using the branch it names, main. Pass the name alone (${{ github.head_ref || github.ref_name }}, not ${{ github.ref }}).\n"
    )
  })

  it.each([
    [
      'refs/tags/v1.2.0',
      "branch: 'refs/tags/v1.2.0' is the Git ref of a tag, not a branch. Pass a branch name (${{ github.head_ref || github.ref_name }} is the pull request's or the pushed branch), or leave branch out: the pull request's or the pushed branch, and on a tag push the production branch."
    ],
    [
      'refs/pull/42/merge',
      "branch: 'refs/pull/42/merge' is the Git ref of a pull request, not a branch. Pass the pull request's branch, ${{ github.head_ref }}, or leave branch out: the pull request's or the pushed branch, and on a tag push the production branch."
    ]
  ])(
    'refuses %s as a branch, saying which expression to pass, and deploys nothing',
    async (ref, message) => {
      const { name } = projectWithHistory(emulator)
      const before = emulator.listDeployments(name).length
      const result = await act(emulator, { 'project-name': name, branch: ref })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.error).toBe(`Invalid input: ${message}`)
      expect(emulator.listDeployments(name)).toHaveLength(before)
    }
  )

  it('reports a failure without failing the step when fail-on-error is false', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'failure' })
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      'fail-on-error': 'false'
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('failure')
    expect(result.stdout).toMatch(/::warning::pages-pilot deploy: .*fail-on-error is false/)
  })

  it('refuses a Direct Upload project with a message that says what to do', async () => {
    const name = `direct-${process.pid}`
    emulator.addProject({ name, source: 'direct' })
    const result = await act(emulator, { 'project-name': name })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(/Direct Upload project with no Git repository/)
    expect(emulator.listDeployments(name)).toHaveLength(0)
  })
})
