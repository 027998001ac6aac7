/** `pages-pilot --help`, from action.yml's inputs (through action-inputs.ts) and outputs. */
import { OPERATIONS } from '../operations/names.js'
import { ACTION_INPUTS, ACTION_OUTPUTS } from './action-inputs.js'

export function helpText(version: string): string {
  const width = 78
  const wrap = (text: string, indent: string): string => {
    const lines: string[] = []
    let line = ''
    for (const word of text.split(/\s+/)) {
      if (line && indent.length + line.length + word.length + 1 > width) {
        lines.push(indent + line)
        line = word
      } else line = line ? `${line} ${word}` : word
    }
    if (line) lines.push(indent + line)
    return lines.join('\n')
  }
  const flags = ACTION_INPUTS.filter((input) => input.name !== 'operation').map((input) => {
    const value = input.boolean ? '[=true|false]' : ' <value>'
    const fallback = input.default === undefined ? '' : ` (default: ${input.default})`
    return `  --${input.name}${value}\n${wrap(input.description + fallback, '      ')}`
  })
  return [
    `pages-pilot ${version}: deploy and follow Cloudflare Pages deployments from any CI.`,
    '',
    'Usage: pages-pilot <operation> [flags]',
    '',
    'Operations:',
    wrap(OPERATIONS.join(', '), '  '),
    '',
    "Flags (the GitHub Action's inputs; CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID are read",
    'from the environment when --api-token and --account-id are not given):',
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
    'operation failed, 2 bad usage, 130/143 interrupted.'
  ].join('\n')
}
