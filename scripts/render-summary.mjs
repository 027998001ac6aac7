// Renders a job summary roughly as GitHub shows it, and takes a screenshot: the summary (HTML
// with ```mermaid blocks) goes through a GitHub-flavoured Markdown renderer (marked), into a page
// styled with github-markdown-css, where mermaid (from node_modules, by file URL) draws the
// diagrams (the page is summary-page.mjs); headless Chromium then shoots the whole page.
// Nothing is fetched from the network.
//
//   npm run summary:screenshot                        a realistic deploy (scenario "success")
//   npm run summary:screenshot -- --scenario running  another report of __tests__/support/fixtures.ts
//   npm run summary:screenshot -- --list              the scenarios
//   npm run summary:screenshot -- path/to/summary.md  a summary written by the action or the CLI
//   options: --out <file.png> (default: summary.png in a new temp folder), --width <px> (1000)
//
// Needs /usr/bin/chromium (Debian: apt-get install -y chromium fonts-noto-color-emoji; without
// the emoji font, ✅ and ⏭️ show as boxes), or CHROMIUM=<path>. Runs under tsx, which loads the
// TypeScript sources that render the summary. Prints the PNG's path.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { pageOf } from './summary-page.mjs'

const run = promisify(execFile)

function parseArgs(argv) {
  const options = { file: undefined, scenario: 'success', out: undefined, width: 1000, list: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--scenario') options.scenario = argv[++i]
    else if (arg === '--out') options.out = argv[++i]
    else if (arg === '--width') options.width = Number(argv[++i])
    else if (arg === '--list') options.list = true
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`)
    else options.file = arg
  }
  if (!Number.isInteger(options.width) || options.width < 320)
    throw new Error('--width wants a number of pixels, at least 320')
  return options
}

/** The summary to show: the file given, or one rendered from a fixed report. */
async function summaryText(options) {
  if (options.file) return readFileSync(options.file, 'utf8')
  const { summaryScenarios } = await import('../__tests__/support/fixtures.ts')
  const { renderSummary } = await import('../src/run/summary.ts')
  const scenarios = summaryScenarios()
  const chosen = scenarios[options.scenario]
  if (!chosen)
    throw new Error(
      `no scenario ${options.scenario}; there are: ${Object.keys(scenarios).join(', ')}`
    )
  return renderSummary(chosen.report, chosen.now, 'https://github.com/acme/site/actions/runs/1')
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--hide-scrollbars',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Chromium runs the page's timers and promises until it is idle, so mermaid has drawn.
  '--virtual-time-budget=15000'
]

/** Runs Chromium on `url` with a fresh profile; returns its standard output. */
async function chromium(binary, args, url) {
  const profile = mkdtempSync(join(tmpdir(), 'render-summary-profile-'))
  try {
    const { stdout } = await run(
      binary,
      [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args, url],
      { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }
    )
    return stdout
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  if (options.list) {
    const { summaryScenarios } = await import('../__tests__/support/fixtures.ts')
    console.log(Object.keys(summaryScenarios()).join('\n'))
    return
  }
  const binary = process.env.CHROMIUM || '/usr/bin/chromium'
  if (!existsSync(binary))
    throw new Error(
      `${binary} not found: apt-get install -y chromium fonts-noto-color-emoji, or set CHROMIUM`
    )
  const out = resolve(options.out ?? join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.png'))
  const html = join(dirname(out), `${out.replace(/^.*\//, '').replace(/\.png$/, '')}.html`)
  writeFileSync(html, pageOf(await summaryText(options), options.width))
  const url = pathToFileURL(html).href

  // First the page's height and whether every diagram rendered, then the shot at that size.
  const dom = await chromium(binary, [`--window-size=${options.width},800`, '--dump-dom'], url)
  const state = /data-mermaid="([^"]*)"/.exec(dom)?.[1] ?? 'not finished'
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1] ?? 2000)
  await chromium(
    binary,
    [
      `--window-size=${options.width},${Math.min(Math.max(height, 200), 16_000)}`,
      `--screenshot=${out}`
    ],
    url
  )
  if (!existsSync(out)) throw new Error(`Chromium wrote no screenshot to ${out}`)
  if (state !== 'done') {
    console.error(`mermaid did not render every diagram: ${state}`)
    process.exitCode = 1
  }
  console.log(out)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
