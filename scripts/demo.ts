/**
 * `npm run demo`: starts the bundled Pages API emulator and runs the bundled action through
 * the story a team lives with, printing what they would see in the GitHub log and summary:
 *   1. a production deploy that passes its health check,
 *   2. a preview whose build fails, with its log and error annotations,
 *   3. a production deploy that fails its health check and is rolled back automatically,
 *   4. a merge gate waiting for the build Cloudflare starts for a pushed commit,
 *   5. a built folder deployed with Direct Upload, then again with nothing to upload.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { runAction, type ActionResult } from '../harness/run-action.js'
import { LogRenderer, mapLinks, summaryToText, type LinkMapper } from '../harness/render.js'

const PROJECT = 'acme-site'
const STATIC_PROJECT = 'acme-docs'
const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)

async function main(): Promise<void> {
  const emulator = await startEmulator({
    stageDurationsMs: { queued: 300, initialize: 500, clone_repo: 400, build: 2_500, deploy: 600 }
  })
  try {
    emulator.addProject({ name: PROJECT, productionBranch: 'main' })
    emulator.seedDeployment(PROJECT, {
      branch: 'main',
      createdAgoMs: 3 * 86_400_000,
      commitMessage: 'Launch the site'
    })
    emulator.seedDeployment(PROJECT, {
      branch: 'main',
      createdAgoMs: 86_400_000,
      commitMessage: 'Add pricing page'
    })
    const port = new URL(emulator.origin).port
    console.log(
      [
        `Pages API emulator listening at ${emulator.apiBaseUrl}, project '${PROJECT}' with two releases.`,
        `The emulator serves the sites too: each https://<name>.pages.dev address below is shown as`,
        `http://<name>.localhost:${port}/, which a browser or curl opens while the emulator runs.\n`
      ].join('\n')
    )

    await scene(emulator, '1. Deploy main to production, with a health check', {
      'project-name': PROJECT,
      branch: 'main',
      'health-check-path': '/healthz'
    })

    emulator.scriptNextDeployments(PROJECT, {
      outcome: 'failure',
      logLines: ['src/pages/index.tsx imports ./components/Header, which was renamed to SiteHeader']
    })
    await scene(emulator, '2. Deploy a preview branch whose build fails', {
      'project-name': PROJECT,
      branch: 'feature/new-header'
    })

    emulator.scriptNextDeployments(PROJECT, { siteStatus: 503 })
    await scene(emulator, '3. A production deploy that fails its health check is rolled back', {
      'project-name': PROJECT,
      branch: 'main',
      'health-check-path': '/healthz',
      'health-check-timeout': '5s',
      'rollback-on-failure': 'true'
    })

    const sha = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
    emulator.simulatePush(PROJECT, {
      branch: 'feature/checkout',
      commitHash: sha,
      commitMessage: 'Faster checkout',
      delayMs: 2_000
    })
    await scene(
      emulator,
      '4. Merge gate: wait for the build Cloudflare starts for the pull request head',
      { operation: 'wait', 'project-name': PROJECT },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_SHA: 'ffffffffffffffffffffffffffffffffffffffff'
      },
      { pull_request: { number: 12, head: { sha, ref: 'feature/checkout' } } }
    )

    emulator.addProject({ name: STATIC_PROJECT, source: 'direct' })
    const folder = builtSite()
    await scene(emulator, '5. Deploy a built folder with Direct Upload (no wrangler)', {
      'project-name': STATIC_PROJECT,
      directory: folder,
      branch: 'main'
    })
    await scene(emulator, '6. Deploy the same folder again: nothing is uploaded twice', {
      'project-name': STATIC_PROJECT,
      directory: folder,
      branch: 'main'
    })

    const calls = emulator.requests.filter((r) => r.path.startsWith('/client/v4/')).length
    console.log(
      `\nDone: 6 runs, ${calls} API requests in all. Run \`npm test\` for the full suite.`
    )
    if (process.stdout.isTTY) {
      console.log(
        `The emulator keeps serving the sites above (such as ${reachable(emulator)('https://acme-site.pages.dev')}); press Ctrl-C to stop it.`
      )
      await new Promise((resolve) => process.once('SIGINT', resolve))
    }
  } finally {
    await emulator.close()
  }
}

/** A small built site, as a framework's build step would leave it. */
function builtSite(): string {
  const root = mkdtempSync(join(tmpdir(), 'pages-pilot-demo-site-'))
  const files: Record<string, string> = {
    'index.html': '<!doctype html><h1>Acme docs</h1>',
    'guide/getting-started.html': '<h1>Getting started</h1>',
    'assets/app.js': 'console.log("docs")',
    'assets/app.css': 'body { font-family: system-ui }',
    _headers: '/*\n  X-Frame-Options: DENY\n',
    'node_modules/left-over/index.js': 'not deployed'
  }
  for (let i = 0; i < 40; i++)
    files[`reference/page-${i}.html`] = `<h1>Reference ${i}</h1>`.repeat(200)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}

/** A site URL as a browser opens it on `emulator`; any other URL as it is. */
function reachable(emulator: Emulator): LinkMapper {
  return (url) => emulator.browserUrl(url) ?? url
}

async function scene(
  emulator: Emulator,
  title: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  event: unknown = {}
): Promise<ActionResult> {
  console.log(bold(`\n━━ ${title} ━━`))
  console.log(
    `  with: ${Object.entries(inputs)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}\n`
  )
  const link = reachable(emulator)
  const renderer = new LogRenderer((line) => console.log(line), { link })
  const result = await runAction({
    inputs: {
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      'poll-interval': '500ms',
      ...inputs
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl, ...env },
    event,
    onStdout: (chunk) => renderer.push(chunk)
  })
  renderer.flush()
  const verdict = result.exitCode === 0 ? '✅ step passed' : '❌ step failed'
  console.log(`\n  ${bold(verdict)} in ${(result.durationMs / 1000).toFixed(1)}s. Outputs:`)
  for (const [name, value] of Object.entries(result.outputs)) {
    if (value)
      console.log(
        `    ${name.padEnd(24)} ${mapLinks(value.length > 110 ? `${value.slice(0, 107)}...` : value, link)}`
      )
  }
  console.log(`\n  ${bold('Job summary:')}`)
  console.log(summaryToText(result.summary, link).replace(/^/gm, '    '))
  return result
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
