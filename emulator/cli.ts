/**
 * Standalone emulator: `tsx emulator/cli.ts [--port 8787] [--seed]`. Prints one JSON line
 * `{apiBaseUrl, accountId, token, origin}` on stdout, then serves until SIGINT or SIGTERM.
 */
import { pathToFileURL } from 'node:url'
import { startEmulator, type Emulator } from './server.js'

/** Project created by `--seed`. */
export const DEMO_PROJECT = 'demo-site'

/** Seeds a Git-connected demo project with some history: live production, previews, a failure. */
export function seedDemo(emulator: Emulator): void {
  emulator.addProject({
    name: DEMO_PROJECT,
    productionBranch: 'main',
    domains: [
      { name: 'www.example.com', status: 'active' },
      { name: 'docs.example.com', status: 'pending' }
    ]
  })
  const hour = 3_600_000
  emulator.seedDeployment(DEMO_PROJECT, {
    branch: 'main',
    createdAgoMs: 48 * hour,
    commitMessage: 'Initial site'
  })
  emulator.seedDeployment(DEMO_PROJECT, {
    branch: 'main',
    createdAgoMs: 24 * hour,
    commitMessage: 'Add blog section'
  })
  emulator.seedDeployment(DEMO_PROJECT, {
    branch: 'feature/new-nav',
    createdAgoMs: 6 * hour,
    commitMessage: 'Try a new navigation bar'
  })
  emulator.seedDeployment(DEMO_PROJECT, {
    branch: 'feature/new-nav',
    createdAgoMs: 5 * hour,
    outcome: 'failure',
    commitMessage: 'Move header into components'
  })
  emulator.seedDeployment(DEMO_PROJECT, {
    branch: 'main',
    createdAgoMs: 2 * hour,
    commitMessage: 'Fix footer links'
  })
}

function parseArgs(argv: string[]): { port: number; seed: boolean } {
  let port = 8787
  let seed = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--seed') seed = true
    else if (arg === '--port') port = Number(argv[++i])
    else if (arg?.startsWith('--port=')) port = Number(arg.slice('--port='.length))
    else throw new Error(`Unknown argument ${arg ?? ''}. Usage: cli.ts [--port 8787] [--seed]`)
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0-65535')
  return { port, seed }
}

async function main(): Promise<void> {
  const { port, seed } = parseArgs(process.argv.slice(2))
  const emulator = await startEmulator({ port })
  if (seed) seedDemo(emulator)
  const { apiBaseUrl, accountId, token, origin } = emulator
  console.log(JSON.stringify({ apiBaseUrl, accountId, token, origin }))
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

// Only run when executed directly, so tests can import seedDemo.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
