import { triggerThroughHook } from '../cloudflare/deploy-hook.js'
import type { Operation } from '../settings/read-settings.js'
import { cleanup } from './cleanup.js'
import type { OperationHandler } from './context.js'
import { deploy } from './deploy.js'
import { domains } from './domains.js'
import { logs } from './logs.js'
import { project } from './project.js'
import { retry } from './retry.js'
import { rollback } from './rollback.js'
import { status } from './status.js'
import { teardownPreview } from './teardown-preview.js'
import { trigger } from './trigger.js'
import { wait } from './wait.js'

/** The handler behind each value of the `operation` input. */
export const OPERATION_HANDLERS: Record<Operation, OperationHandler> = {
  deploy,
  // With deploy-hook-url, the hook starts the build instead of the API.
  trigger: (context) =>
    context.settings.deployHookUrl === undefined ? trigger(context) : triggerThroughHook(context),
  wait,
  rollback,
  logs,
  status,
  retry,
  cleanup,
  'teardown-preview': teardownPreview,
  project,
  domains
}
