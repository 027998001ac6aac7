/**
 * Pull requests never reach production: a fork names its head branch as it likes, `main`
 * included, and every event that carries a pull request must deploy a preview.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import {
  act,
  apiRequests,
  projectWithHistory,
  startWorld,
  uniqueProject
} from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

const HEAD = 'f0'.repeat(20)
const MERGE = 'e1'.repeat(20)

/** A fork's built folder, deployed from a folder of its own as the fork pattern does. */
function builtSite(): { 'working-directory': string; directory: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-pr-site-'))
  writeFileSync(join(dir, 'index.html'), '<h1>from a fork</h1>')
  return { 'working-directory': dir, directory: '.' }
}

/** A Direct Upload project whose production deployment is live. */
function directProjectWithProduction(): { name: string; liveId: string } {
  const name = uniqueProject('pr-direct')
  emulator.addProject({ name, source: 'direct', productionBranch: 'main' })
  const live = emulator.seedDeployment(name, { branch: 'main', createdAgoMs: 3_600_000 })
  return { name, liveId: live.id }
}

const FORK = { full_name: 'mallory/site' }
const BASE = { full_name: 'acme/site' }

/** The payload of a fork's pull request #number whose head branch is `main`. */
function forkPullRequest(eventName: string, number: number, extra: Record<string, unknown> = {}) {
  return {
    env: {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_SHA: MERGE,
      GITHUB_REF: `refs/pull/${number}/merge`
    },
    event: {
      number,
      repository: BASE,
      pull_request: {
        number,
        title: 'Innocent change',
        head: { sha: HEAD, ref: 'main', repo: FORK },
        base: { ref: 'main', repo: BASE },
        ...extra
      }
    }
  }
}

/** A workflow_run started by a pull request from `headRepository`. */
function workflowRun(headRepository: { full_name: string }, pullRequests: unknown[]) {
  return {
    env: { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_SHA: MERGE },
    event: {
      repository: BASE,
      workflow_run: {
        event: 'pull_request',
        head_sha: HEAD,
        head_branch: 'main',
        head_repository: headRepository,
        repository: BASE,
        pull_requests: pullRequests
      }
    }
  }
}

describe('a fork pull request whose head branch is the production branch', () => {
  it.each([
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment'
  ])(
    'deploys a preview named pr-<number> on %s, and production stays as it was',
    async (eventName) => {
      const { name, liveId } = directProjectWithProduction()
      const result = await act(
        emulator,
        { 'project-name': name, ...builtSite() },
        forkPullRequest(eventName, 41)
      )
      expect(result.exitCode).toBe(0)
      expect(result.outputs.environment).toBe('preview')
      expect(result.outputs.branch).toBe('pr-41')
      expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(liveId)
      const created = emulator.getDeployment(result.outputs['deployment-id'] ?? '')
      expect(created?.environment).toBe('preview')
      expect(created?.deployment_trigger.metadata.commit_hash).toBe(HEAD)
      expect(result.stdout).toContain('::notice::Branch pr-41: pull request #41 asked for')
      expect(result.summary).toContain('pull requests deploy previews only, so it became pr-41')
    }
  )

  it('renames a branch given as input too: branch: main on a pull request is still a preview', async () => {
    const { name, liveId } = directProjectWithProduction()
    const sameRepo = forkPullRequest('pull_request', 42)
    const result = await act(
      emulator,
      { 'project-name': name, ...builtSite(), branch: 'main' },
      sameRepo
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs.branch).toBe('pr-42')
    expect(result.outputs.environment).toBe('preview')
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(liveId)
  })

  it('on workflow_run, uses the pull request number when GitHub gives it', async () => {
    const { name, liveId } = directProjectWithProduction()
    const result = await act(
      emulator,
      { 'project-name': name, ...builtSite() },
      workflowRun(BASE, [{ number: 43, base: { ref: 'main' } }])
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs.branch).toBe('pr-43')
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(liveId)
  })

  it("on a fork's workflow_run, where GitHub names no pull request, refuses and deploys nothing", async () => {
    const { name, liveId } = directProjectWithProduction()
    const result = await act(
      emulator,
      { 'project-name': name, ...builtSite() },
      workflowRun(FORK, [])
    )
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain('Pull requests never deploy production')
    expect(apiRequests(emulator, name).filter((r) => r.method === 'POST')).toEqual([])
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(liveId)
  })

  it('deploys production once the pull request is merged: its code is then the base branch', async () => {
    const { name, liveId } = directProjectWithProduction()
    const merged = forkPullRequest('pull_request_target', 44, {
      merged: true,
      merge_commit_sha: MERGE
    })
    const result = await act(emulator, { 'project-name': name, ...builtSite() }, merged)
    expect(result.exitCode).toBe(0)
    expect(result.outputs.branch).toBe('main')
    expect(result.outputs.environment).toBe('production')
    expect(result.outputs['commit-hash']).toBe(MERGE)
    expect(emulator.getProject(name)?.canonical_deployment?.id).not.toBe(liveId)
  })

  it('refuses to trigger a Git build for a fork, and says to gate with wait and commit-hash', async () => {
    const { name, live } = projectWithHistory(emulator)
    const result = await act(
      emulator,
      { 'project-name': name },
      forkPullRequest('pull_request', 45)
    )
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain("comes from a fork's pull request (#45)")
    expect(result.outputs.error).toContain('operation: wait with commit-hash')
    expect(apiRequests(emulator, name).filter((r) => r.method === 'POST')).toEqual([])
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(live.id)
  })

  it('teardown-preview removes the pr-<number> previews, never production', async () => {
    const { name, liveId } = directProjectWithProduction()
    const preview = emulator.seedDeployment(name, { branch: 'pr-46', createdAgoMs: 60_000 })
    const closed = forkPullRequest('pull_request_target', 46, { merged: false })
    const result = await act(
      emulator,
      { operation: 'teardown-preview', 'project-name': name },
      closed
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs['deleted-ids']).toBe(preview.id)
    expect(emulator.getDeployment(preview.id)).toBeUndefined()
    expect(emulator.getDeployment(liveId)).toBeDefined()
    expect(result.stdout).toContain('Tearing down the previews of branch pr-46')
  })
})
