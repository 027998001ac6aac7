/**
 * Words on the command line that are neither the operation nor a flag: most often a value whose
 * flag was left out (`pages-pilot status my-site`). The message names each word and, when its
 * shape says which flag it belongs to, suggests that flag; a word that may be a credential is
 * never repeated.
 */
import { OPERATIONS, type Operation } from '../operations/names.js'
import { clip, isBranchName } from '../settings/fields.js'
import { parseDuration } from '../util/duration.js'

const DEPLOYMENT_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
/** A short or full commit SHA; not the 37 hexadecimal characters of a Global API Key. */
const COMMIT = /^(?:[0-9a-f]{7,12}|[0-9a-f]{40}|[0-9a-f]{64})$/i
const PROJECT_NAME = /^(?=.*[a-z])[a-z0-9][a-z0-9-]{0,57}$/
const PATH = /[/\\]|^[.~]/
const OPERATION_NAMES: ReadonlySet<string> = new Set(OPERATIONS)
const READS_DEPLOYMENT: ReadonlySet<Operation> = new Set([
  'wait',
  'rollback',
  'logs',
  'status',
  'retry'
])
/** Longer words are not repeated unless their shape is known: they may be a token. */
const SHOWN_LENGTH = 24

/** Whether a word may be repeated in a message: nothing in it looks like a credential. */
function shown(word: string): boolean {
  return (
    DEPLOYMENT_ID.test(word) ||
    COMMIT.test(word) ||
    (word.length <= SHOWN_LENGTH && !word.includes('='))
  )
}

/** A word as a message repeats it: quoted, or only its length when it may be a secret. */
export function wordInMessage(word: string): string {
  return shown(word)
    ? `'${clip(word)}'`
    : `a word of ${word.length} characters (not repeated: it may be a secret)`
}

/** The flags a word most likely belongs to for `operation`, most likely first. */
export function likelyFlags(word: string, operation: string): string[] {
  if (!OPERATION_NAMES.has(operation)) return []
  const op = operation as Operation
  if (DEPLOYMENT_ID.test(word)) return READS_DEPLOYMENT.has(op) ? ['deployment-id'] : []
  if (op === 'wait' && COMMIT.test(word)) return ['commit-hash']
  if (op === 'cleanup' && /^(production|preview|all)$/.test(word)) return ['environment']
  if (op === 'secrets' && /^(production|preview)$/.test(word)) return ['environment']
  if (op === 'cleanup' && /[a-z]$/.test(word) && parseDuration(word) !== undefined) {
    return ['older-than']
  }
  const name = PROJECT_NAME.test(word)
  if (op === 'teardown-preview') {
    return isBranchName(word) ? (name ? ['branch', 'project-name'] : ['branch']) : []
  }
  if (op === 'deploy' || op === 'trigger') {
    if (PATH.test(word)) return ['directory']
    return name ? ['project-name', 'directory'] : []
  }
  return name ? ['project-name'] : []
}

/**
 * Why `words` cannot stand after `operation`, naming them, with the flags they likely belong to
 * (leaving out those already `given`).
 */
export function strayWordsMessage(
  words: readonly string[],
  operation: string,
  given: Readonly<Record<string, string>>
): string {
  const named = words.map(wordInMessage)
  const are = words.length === 1 ? 'is not a flag' : 'are not flags'
  const taken = new Set(Object.keys(given))
  const suggestions: string[][] = []
  for (const word of words.filter(shown)) {
    const flags = likelyFlags(word, operation).filter((flag) => !taken.has(flag))
    if (flags.length === 0) continue
    // Two words are not given the same flag: `deploy my-site dist` is a name, then a folder.
    const first = flags[0] as string
    taken.add(first)
    suggestions.push(flags.map((flag) => `--${flag} ${quoted(word)}`))
  }
  const fix =
    suggestions.length === 0
      ? 'Write each value after its flag, such as --project-name my-site (pages-pilot --help lists them).'
      : suggestions.length === 1
        ? `Did you mean ${(suggestions[0] as string[]).join(', or ')}?`
        : `Did you mean ${suggestions.map((flags) => flags[0]).join(' ')}?`
  return `${list(named)} after ${operation} ${are}: only flags follow the operation. ${fix}`
}

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`. */
function list(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** A word as a shell reads it back. */
function quoted(word: string): string {
  return /^[\w./@:+~-]+$/.test(word) ? word : `'${clip(word).replace(/'/g, "'\\''")}'`
}
