/**
 * What `verify-before-production` costs: the 3,000-file site of the upload bench (~100 MB,
 * bench/sites.ts) deployed to production by the bundle (`node dist/index.js` through
 * harness/run-action, as the runner runs it) against the emulator, each run into a fresh
 * Direct Upload project so that every file is uploaded:
 *
 *   plain     deploy + 3 smoke checks on production
 *   verified  the same with verify-before-production: upload, a preview, its checks, then
 *             production from the same upload, and its checks
 *
 * Both in the same run, alternating, `--runs` times each; figures are medians, and the ratio
 * verified / plain is the figure to quote. With `--stages real` the emulator's deployments take
 * its default stage times (1.6 s from queued to live), as a Direct Upload on Cloudflare takes a
 * few seconds; with `--stages instant` only pages-pilot's own work counts.
 *
 * Run: `npm run build && npx tsx bench/verify.ts [--runs 3] [--stages real|instant]`
 */
import { rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { runAction } from '../harness/run-action.js'
import { ensureSite, SITE_A } from './sites.js'

const INSTANT_STAGES = { queued: 1, initialize: 1, clone_repo: 1, build: 1, deploy: 1 }
const CHECKS = ['/ 200', '/index.html 200', '/no-such-page 200'].join('\n')

interface Figures {
  wallMs: number
  apiRequests: number
  uploadRequests: number
  deployments: number
}

async function deployOnce(
  emulator: Emulator,
  dir: string,
  project: string,
  verified: boolean
): Promise<Figures> {
  emulator.addProject({ name: project, source: 'direct' })
  const mark = emulator.requests.length
  const result = await runAction({
    inputs: {
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      operation: 'deploy',
      'project-name': project,
      directory: dir,
      branch: 'main',
      'commit-hash': 'b'.repeat(40),
      'poll-interval': '500ms',
      'smoke-checks': CHECKS,
      ...(verified ? { 'verify-before-production': 'true' } : {})
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl },
    killAfterMs: 15 * 60_000
  })
  rmSync(result.dir, { recursive: true, force: true })
  if (result.exitCode !== 0) {
    throw new Error(`deploy failed (${result.exitCode}): ${result.outputs.error ?? result.stderr}`)
  }
  const requests = emulator.requests.slice(mark)
  return {
    wallMs: result.durationMs,
    apiRequests: requests.filter((r) => r.path.startsWith('/client/v4')).length,
    uploadRequests: requests.filter((r) => r.path.endsWith('/pages/assets/upload')).length,
    deployments: emulator.listDeployments(project).length
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, stages: { type: 'string', default: 'real' } }
  })
  const runs = Math.max(1, Number(values.runs))
  const site = ensureSite(SITE_A)
  const emulator = await startEmulator(
    values.stages === 'instant' ? { stageDurationsMs: INSTANT_STAGES } : {}
  )
  const figures: Record<'plain' | 'verified', Figures[]> = { plain: [], verified: [] }
  try {
    for (let i = 0; i < runs; i++) {
      for (const kind of ['plain', 'verified'] as const) {
        const project = `bench-${kind}-${Date.now().toString(36)}-${i}`
        const run = await deployOnce(emulator, site.dir, project, kind === 'verified')
        figures[kind].push(run)
        console.log(
          `${kind.padEnd(8)} run ${i + 1}: ${(run.wallMs / 1000).toFixed(2)} s, ${run.apiRequests} API requests (${run.uploadRequests} uploads), ${run.deployments} deployment(s)`
        )
      }
    }
  } finally {
    await emulator.close()
  }
  const plain = median(figures.plain.map((f) => f.wallMs))
  const verified = median(figures.verified.map((f) => f.wallMs))
  const uploads = (kind: 'plain' | 'verified') => median(figures[kind].map((f) => f.uploadRequests))
  console.log(
    `\n${site.files.toLocaleString('en-US')} files, ${(site.bytes / 1_000_000).toFixed(1)} MB, stages ${values.stages}, median of ${runs}:`
  )
  console.log(
    `  plain deploy + smoke checks:      ${(plain / 1000).toFixed(2)} s, ${uploads('plain')} upload requests`
  )
  console.log(
    `  verify-before-production:         ${(verified / 1000).toFixed(2)} s, ${uploads('verified')} upload requests`
  )
  console.log(
    `  verification adds ${((verified - plain) / 1000).toFixed(2)} s: verified / plain = ${(verified / plain).toFixed(2)}×`
  )
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
})
