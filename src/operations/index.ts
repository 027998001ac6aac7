/**
 * The operations a user picks with the `operation` input, and the handler behind each task.
 */
import type { OperationContext } from './context.js'
import type { Operation } from './names.js'
import type { ApiTask } from './settings.js'

export { OPERATIONS, type Operation } from './names.js'

/** Operations whose deployment is mirrored on GitHub (deployment, comment, commit status). */
export const FOLLOWING_OPERATIONS: ReadonlySet<Operation> = new Set([
  'deploy',
  'trigger',
  'wait',
  'retry'
])

/**
 * Runs the handler of `context.task`, loaded when it runs: a run loads one operation's code
 * (and what it needs: the upload, Functions, wrangler configuration), not every operation's.
 */
export async function runTask(context: OperationContext<ApiTask>): Promise<void> {
  const task = context.task
  switch (task.kind) {
    case 'deploy':
      return (await import('./deploy.js')).deploy({ ...context, task })
    case 'trigger':
      return (await import('./trigger.js')).trigger({ ...context, task })
    case 'wait':
      return (await import('./wait.js')).wait({ ...context, task })
    case 'rollback':
      return (await import('./rollback.js')).rollback({ ...context, task })
    case 'logs':
      return (await import('./logs.js')).logs({ ...context, task })
    case 'status':
      return (await import('./status.js')).status({ ...context, task })
    case 'retry':
      return (await import('./retry.js')).retry({ ...context, task })
    case 'cleanup':
      return (await import('./cleanup.js')).cleanup({ ...context, task })
    case 'teardown-preview':
      return (await import('./teardown-preview.js')).teardownPreview({ ...context, task })
    case 'project':
      return (await import('./project.js')).project({ ...context, task })
    case 'secrets':
      return (await import('./secrets.js')).secrets({ ...context, task })
    case 'domains':
      return (await import('./domains.js')).domains({ ...context, task })
  }
}

export { triggerThroughHook, type HookContext } from './trigger-hook.js'
