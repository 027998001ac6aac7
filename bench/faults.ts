/**
 * Failure-to-exit times: how long the bundled action takes to give up, with a clear message,
 * when the API fails the same way every time, and how long it takes to stop after a cancel.
 * Prints a table; nothing passes or fails. Run: `npm run build && npx tsx bench/faults.ts`.
 */
import { startEmulator, type Emulator, type Fault } from '../emulator/server.js'
import { runAction } from '../harness/run-action.js'

const PERSISTENT: Array<[string, Fault]> = [
  ['500 HTML page', { kind: 'status', status: 500, body: 'html' }],
  ['502 HTML page', { kind: 'status', status: 502, body: 'html' }],
  ['503 HTML page', { kind: 'status', status: 503, body: 'html' }],
  ['524 gateway timeout', { kind: 'status', status: 524, body: 'html' }],
  ['429, Retry-After 300 s', { kind: 'status', status: 429, retryAfterSeconds: 300, body: 'json' }],
  ['hung connection', { kind: 'hang' }],
  ['stall past request-timeout', { kind: 'stall', ms: 60_000 }],
  ['reset before the response', { kind: 'reset' }],
  ['reset mid-body', { kind: 'reset-mid-body' }],
  ['truncated body', { kind: 'truncated' }],
  ['non-JSON 200 body', { kind: 'non-json' }],
  [
    'success:false 8000000',
    { kind: 'success-false', code: 8000000, message: 'An unknown error occurred.' }
  ],
  ['401 authentication (10000)', { kind: 'status', status: 401, body: 'json' }]
]

interface Row {
  fault: string
  exit: string
  seconds: string
  requests: number
  message: string
}

async function measure(
  emulator: Emulator,
  label: string,
  fault: Fault,
  index: number
): Promise<Row> {
  const project = `fault-${index}`
  emulator.addProject({ name: project })
  emulator.seedDeployment(project, { branch: 'main' })
  emulator.addFaults({ ...fault, times: 1_000, match: { path: `/projects/${project}$` } })
  const result = await runAction({
    inputs: {
      operation: 'status',
      'project-name': project,
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      'request-timeout': '5s'
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl },
    killAfterMs: 300_000
  })
  return {
    fault: label,
    exit: String(result.exitCode),
    seconds: (result.durationMs / 1000).toFixed(1),
    requests: emulator.requests.filter((r) => r.path.endsWith(`/projects/${project}`)).length,
    message: (result.outputs.error ?? '').slice(0, 90)
  }
}

async function cancelTime(emulator: Emulator): Promise<number> {
  emulator.addProject({ name: 'cancel' })
  emulator.scriptNextDeployments('cancel', { stageDurationsMs: { build: 600_000 } })
  const result = await runAction({
    inputs: {
      'project-name': 'cancel',
      branch: 'main',
      'api-token': emulator.token,
      'account-id': emulator.accountId
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl },
    cancelAfterMs: 3_000
  })
  return result.durationMs - 3_000
}

async function main(): Promise<void> {
  const emulator = await startEmulator()
  try {
    const rows = await Promise.all(
      PERSISTENT.map(([label, fault], i) => measure(emulator, label, fault, i))
    )
    const widths = [28, 5, 8, 9]
    console.log(
      ['persistent fault', 'exit', 'seconds', 'requests']
        .map((h, i) => h.padEnd(widths[i] ?? 0))
        .join(' ') + ' message'
    )
    for (const row of rows) {
      console.log(
        [row.fault, row.exit, row.seconds, String(row.requests)]
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join(' ') +
          ' ' +
          row.message
      )
    }
    const slowest = rows.reduce((a, b) => (Number(a.seconds) >= Number(b.seconds) ? a : b))
    console.log(
      `\nslowest failure-to-exit: ${slowest.seconds} s (${slowest.fault}; request-timeout 5s)`
    )
    console.log(
      `cancel (SIGINT) to exit while waiting: ${(await cancelTime(emulator)).toFixed(0)} ms`
    )
  } finally {
    await emulator.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
