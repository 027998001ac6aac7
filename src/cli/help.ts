/**
 * `pages-pilot --help`, from action.yml's inputs (through action-inputs.ts) and outputs, in the
 * command line's words: flags for inputs, the current folder for the workspace, an exit code
 * for a failed step.
 */
import { OPERATIONS } from '../operations/names.js'
import { input, workspaceName } from '../util/input-names.js'
import { ACTION_INPUTS, ACTION_OUTPUTS } from './action-inputs.js'
import { GITHUB_ONLY } from './github-only.js'

const WIDTH = 78

function wrap(text: string, indent: string): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + word.length + 1 > WIDTH) {
      lines.push(indent + line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(indent + line)
  return lines.join('\n')
}

const INPUT_NAME = new RegExp(
  `(?<![\\w<-])(${ACTION_INPUTS.map((i) => i.name)
    .filter((name) => name.includes('-'))
    .join('|')})(?![\\w-])`,
  'g'
)
const OPERATION_WORD = new RegExp(`\\boperation (${OPERATIONS.join('|')})\\b`, 'g')

/**
 * An input's description from action.yml as the command line's user reads it: other inputs as
 * flags (`--working-directory`), the workspace as the current folder (where relative paths
 * start), a failed step as exit code 1.
 */
export function inCliWords(description: string): string {
  return description
    .replace(INPUT_NAME, (name) => input(name))
    .replace(OPERATION_WORD, (_, operation: string) => input('operation', operation))
    .replace(
      /\b(with|monorepos:) directory\b/g,
      (_, before: string) => `${before} ${input('directory')}`
    )
    .replace(/\blike secrets\b/g, `like ${input('secrets')}`)
    .replace(/\b([Tt])he workspace\b/g, (_, t: string) =>
      t === 'T' ? capitalize(workspaceName()) : workspaceName()
    )
    .replace(/\b([Ff])ail the step\b/g, (_, f: string) => `${f === 'F' ? 'E' : 'e'}xit with 1`)
    .replace(/\bfails the step\b/g, 'makes the command exit with 1')
    .replace(/\bfailing the step\b/g, 'exiting with 1')
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The command's shape: an operation first, then flags. */
function usage(): string[] {
  return [
    'Usage: pages-pilot <operation> [flags]',
    '',
    'Operations:',
    wrap(OPERATIONS.join(', '), '  ')
  ]
}

/** What `pages-pilot` alone prints: the command's shape, and where to read more. */
export function usageText(): string {
  return [
    ...usage(),
    '',
    'For example: pages-pilot deploy --project-name my-site --directory dist',
    'pages-pilot --help lists every flag.'
  ].join('\n')
}

export function helpText(version: string): string {
  const flags = ACTION_INPUTS.filter((input) => input.name !== 'operation').map((input) => {
    const value = input.boolean ? '[=true|false]' : ' <value>'
    const only = GITHUB_ONLY.has(input.name) ? '  (GitHub Actions only)' : ''
    const fallback = input.default === undefined ? '' : ` (default: ${input.default})`
    return `  --${input.name}${value}${only}\n${wrap(inCliWords(input.description) + fallback, '      ')}`
  })
  return [
    `pages-pilot ${version}: deploy and follow Cloudflare Pages deployments from any CI.`,
    '',
    ...usage(),
    '',
    "Flags (the GitHub Action's inputs; CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID are read",
    'from the environment when --api-token and --account-id are not given; relative paths start',
    'at the current folder; the flags marked "GitHub Actions only" are refused elsewhere or do',
    'nothing there):',
    ...flags,
    '',
    'Output:',
    '  --json            print the outputs as one JSON object on standard output',
    '  --dotenv <file>   write the outputs as PAGES_PILOT_<NAME>=value lines (GitLab dotenv)',
    '  --summary <file>  write the job summary (Markdown) to <file>',
    '  --help, --version',
    '',
    'Outputs (the --json keys):',
    wrap(ACTION_OUTPUTS.join(', '), '  '),
    '',
    'Progress goes to standard error. Exit codes: 0 success (or --fail-on-error=false), 1 the',
    'operation failed, 2 bad usage (pages-pilot alone included), 130/143 interrupted.'
  ].join('\n')
}
