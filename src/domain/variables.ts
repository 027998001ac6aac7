/**
 * A project environment's variables: what a run asks for against what Cloudflare has, as the
 * changes to report and the entries to send. Pure. Plain-text values can be compared; a
 * secret's value never comes back from Cloudflare, so a secret asked for is always sent, and
 * reported as `set` when one of that name was there already.
 */
import type { EnvVar } from '../cloudflare/types.js'
import type { Concealed } from '../util/secrets.js'

export type VariableKind = 'secret' | 'plain'

/** A variable a run sets: from `secrets` (kind `secret`) or `vars` (kind `plain`). */
export interface VariableSetting {
  name: string
  kind: VariableKind
  value: Concealed
}

export type VariableChangeKind = 'added' | 'replaced' | 'set' | 'deleted' | 'unchanged'

/** One line of the report: names and kinds only, never a value. */
export interface VariableChange {
  name: string
  /** What the variable is after the run (for a deletion: what it was; none when it was not there). */
  kind: VariableKind | undefined
  change: VariableChangeKind
  /** Why this change, when the change does not say it all (empty for a deletion). */
  why: string
}

/** What to send: a variable set to `null` is deleted. */
export interface VariableSend {
  name: string
  setting: VariableSetting | null
}

export interface VariablePlan {
  changes: VariableChange[]
  send: VariableSend[]
}

/** The changes and what to send for `set` and `remove` against the variables `current` holds. */
export function planVariables(
  current: Record<string, EnvVar>,
  set: readonly VariableSetting[],
  remove: readonly string[]
): VariablePlan {
  const changes: VariableChange[] = []
  const send: VariableSend[] = []
  for (const setting of set) {
    const change = changeOf(current[setting.name], setting)
    changes.push({ name: setting.name, kind: setting.kind, ...change })
    if (change.change !== 'unchanged') send.push({ name: setting.name, setting })
  }
  for (const name of remove) {
    const was = current[name]
    if (was === undefined) {
      changes.push({
        name,
        kind: undefined,
        change: 'unchanged',
        why: 'not set: nothing to delete'
      })
      continue
    }
    changes.push({ name, kind: kindOf(was), change: 'deleted', why: '' })
    send.push({ name, setting: null })
  }
  return { changes, send }
}

function changeOf(
  was: EnvVar | undefined,
  setting: VariableSetting
): { change: VariableChangeKind; why: string } {
  if (was === undefined) {
    return { change: 'added', why: setting.kind === 'secret' ? 'new secret' : 'new' }
  }
  const before = kindOf(was)
  if (before !== setting.kind) {
    return {
      change: 'replaced',
      why: before === 'secret' ? 'was a secret, now plain text' : 'was plain text, now a secret'
    }
  }
  if (setting.kind === 'secret') {
    return {
      change: 'set',
      why: 'sent again: Cloudflare never shows a secret, so it cannot be compared'
    }
  }
  return was.value === setting.value.reveal()
    ? { change: 'unchanged', why: 'same value' }
    : { change: 'replaced', why: 'value changed' }
}

function kindOf(variable: EnvVar): VariableKind {
  return variable.type === 'secret_text' ? 'secret' : 'plain'
}
