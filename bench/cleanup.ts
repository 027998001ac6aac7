/**
 * Cleanup benchmark: API calls and time for `operation: cleanup` of a project with 1,000
 * deployments, run through the bundled action (`node dist/index.js`, via harness/run-action,
 * exactly as the GitHub runner does) against the emulator. Nothing passes or fails: it prints
 * figures.
 *
 * The project gets `--deployments` deployments: a tenth production deployments of `main`, the
 * rest previews spread over 30 branches, one every few hours going back months. First a dry run
 * (listing only), then the real cleanup with `environment: all`, `keep-latest: 10` and
 * `max-deletions` high enough to delete everything the policy selects.
 *
 * The action spends at most its share of the account's rate limit (`api-rate-limit`, 300
 * requests per 5 minutes by default), so past that share a large cleanup slows down on purpose;
 * `--rate-limit 1200/5m` gives it the whole account limit, to show the time the API itself takes.
 *
 * Run, with dist/ built: npx tsx bench/cleanup.ts [--deployments 1000] [--keep-latest 10]
 *   [--rate-limit 1200/5m]
 */
import { rmSync, existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator/server.js'
import { ACTION_ENTRY, runAction, type ActionResult } from '../harness/run-action.js'

const PROJECT = 'bench-cleanup'
const BRANCHES = 30
const HOUR = 3_600_000

interface Options {
  deployments: number
  keepLatest: number
  /** `api-rate-limit` for the run; undefined keeps the action's default share. */
  rateLimit: string | undefined
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      deployments: { type: 'string', default: '1000' },
      'keep-latest': { type: 'string', default: '10' },
      'rate-limit': { type: 'string' }
    }
  })
  const deployments = Number(values.deployments)
  const keepLatest = Number(values['keep-latest'])
  if (!Number.isInteger(deployments) || deployments < 10) throw new Error('--deployments >= 10')
  if (!Number.isInteger(keepLatest) || keepLatest < 1) throw new Error('--keep-latest >= 1')
  return { deployments, keepLatest, rateLimit: values['rate-limit'] }
}

function seed(emulator: Emulator, count: number): void {
  emulator.addProject({ name: PROJECT, productionBranch: 'main' })
  // Oldest first, one every 3 hours: 1,000 deployments reach back about four months.
  for (let i = count - 1; i >= 0; i--) {
    const production = i % 10 === 0
    emulator.seedDeployment(PROJECT, {
      branch: production ? 'main' : `feature/f${i % BRANCHES}`,
      createdAgoMs: i * 3 * HOUR + HOUR
    })
  }
}

interface Figures {
  exitCode: number | null
  totalMs: number
  requests: RecordedRequest[]
  outputs: Record<string, string>
}

async function measure(
  emulator: Emulator,
  inputs: Record<string, string>,
  killAfterMs: number
): Promise<Figures> {
  const mark = emulator.requests.length
  const result: ActionResult = await runAction({
    inputs: {
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      operation: 'cleanup',
      'project-name': PROJECT,
      ...inputs
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl },
    killAfterMs
  })
  rmSync(result.dir, { recursive: true, force: true })
  if (result.exitCode !== 0) console.log(result.stdout.split('\n').slice(-15).join('\n'))
  return {
    exitCode: result.exitCode,
    totalMs: result.durationMs,
    requests: emulator.requests.slice(mark),
    outputs: result.outputs
  }
}

function kindOf(request: RecordedRequest): string {
  if (request.method === 'DELETE')
    return request.path.includes('force=true') ? 'DELETE (force)' : 'DELETE'
  if (request.path.includes('/deployments?')) return 'GET deployments (list)'
  return `${request.method} ${request.path.replace(/^.*\/projects\/[^/?]+/, 'project')}`
}

function s(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

function print(title: string, figures: Figures): void {
  const { requests } = figures
  console.log(`\n== ${title} ==`)
  console.log(`exit ${figures.exitCode}, run ${s(figures.totalMs)}`)
  const counts = new Map<string, number>()
  for (const r of requests) counts.set(kindOf(r), (counts.get(kindOf(r)) ?? 0) + 1)
  console.log(`API requests: ${requests.length}`)
  for (const [kind, n] of counts) console.log(`  ${kind.padEnd(26)} ${n}`)
  console.log(`  answered 429               ${requests.filter((r) => r.status === 429).length}`)
  const first = requests[0]?.time ?? 0
  const last = requests[requests.length - 1]?.time ?? first
  const lists = requests.filter((r) => kindOf(r) === 'GET deployments (list)')
  const lastList = lists[lists.length - 1]?.time ?? first
  const deletes = requests.filter((r) => r.method === 'DELETE')
  console.log(`first to last request: ${s(last - first)}; listing took ${s(lastList - first)}`)
  if (deletes.length > 0) {
    // The longest pause between two requests is the wait for the run's rate share.
    let longest = 0
    for (let i = 1; i < requests.length; i++) {
      longest = Math.max(longest, (requests[i]?.time ?? 0) - (requests[i - 1]?.time ?? 0))
    }
    const paused = requests.reduce((sum, r, i) => {
      const gap = i === 0 ? 0 : r.time - (requests[i - 1]?.time ?? r.time)
      return gap > 5_000 ? sum + gap : sum
    }, 0)
    const busy = last - first - paused
    console.log(
      `deletes: ${deletes.length}; waiting for the run's rate share: ${s(paused)} (longest pause ${s(longest)}); ` +
        `working time ${s(busy)} = ${(requests.length / Math.max(1, busy / 1000)).toFixed(0)} requests/s`
    )
  }
  console.log(
    `outputs: deleted-count ${figures.outputs['deleted-count']}, kept-count ${figures.outputs['kept-count']}, status ${figures.outputs.status}`
  )
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  if (!existsSync(ACTION_ENTRY)) throw new Error(`${ACTION_ENTRY} is missing: run npm run build`)
  const cpu = cpus()
  console.log(`node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'})`)
  console.log(
    `cleanup of ${options.deployments} deployments (${options.deployments / 10} production, the rest previews on ${BRANCHES} branches), keep-latest ${options.keepLatest}, environment all, api-rate-limit ${options.rateLimit ?? 'default (300/5m)'}`
  )
  const emulator = await startEmulator()
  try {
    seed(emulator, options.deployments)
    const policy = {
      environment: 'all',
      'keep-latest': String(options.keepLatest),
      'max-deletions': '10000',
      ...(options.rateLimit ? { 'api-rate-limit': options.rateLimit } : {})
    }
    print(
      'dry run (lists only)',
      await measure(emulator, { ...policy, 'dry-run': 'true' }, 120_000)
    )
    print('cleanup', await measure(emulator, policy, 60 * 60_000))
    console.log(`deployments left: ${emulator.listDeployments(PROJECT).length}`)
  } finally {
    await emulator.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
