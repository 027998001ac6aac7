/**
 * The operations a user picks with the `operation` input, and the handler behind each task.
 */
import { cleanup } from './cleanup.js'
import type { OperationContext } from './context.js'
import { deploy } from './deploy.js'
import { domains } from './domains.js'
import { logs } from './logs.js'
import { project } from './project.js'
import { retry } from './retry.js'
import { rollback } from './rollback.js'
import { secrets } from './secrets.js'
import type { ApiTask } from './settings.js'
import { status } from './status.js'
import { teardownPreview } from './teardown-preview.js'
import { trigger } from './trigger.js'
import { wait } from './wait.js'

export const OPERATIONS = [
  'deploy',
  'trigger',
  'wait',
  'rollback',
  'logs',
  'status',
  'retry',
  'cleanup',
  'teardown-preview',
  'project',
  'secrets',
  'domains'
] as const
export type Operation = (typeof OPERATIONS)[number]

/** Operations whose deployment is mirrored on GitHub (deployment, comment, commit status). */
export const FOLLOWING_OPERATIONS: ReadonlySet<Operation> = new Set([
  'deploy',
  'trigger',
  'wait',
  'retry'
])

/** Runs the handler of `context.task`. */
export function runTask(context: OperationContext<ApiTask>): Promise<void> {
  const task = context.task
  switch (task.kind) {
    case 'deploy':
      return deploy({ ...context, task })
    case 'trigger':
      return trigger({ ...context, task })
    case 'wait':
      return wait({ ...context, task })
    case 'rollback':
      return rollback({ ...context, task })
    case 'logs':
      return logs({ ...context, task })
    case 'status':
      return status({ ...context, task })
    case 'retry':
      return retry({ ...context, task })
    case 'cleanup':
      return cleanup({ ...context, task })
    case 'teardown-preview':
      return teardownPreview({ ...context, task })
    case 'project':
      return project({ ...context, task })
    case 'secrets':
      return secrets({ ...context, task })
    case 'domains':
      return domains({ ...context, task })
  }
}

export { triggerThroughHook, type HookContext } from './trigger-hook.js'
