import type { Operation } from '../inputs.js'
import type { OperationHandler } from './context.js'
import { deploy } from './deploy.js'
import { logs } from './logs.js'
import { retry } from './retry.js'
import { rollback } from './rollback.js'
import { status } from './status.js'
import { trigger } from './trigger.js'
import { wait } from './wait.js'

/** The handler behind each value of the `operation` input. */
export const OPERATION_HANDLERS: Record<Operation, OperationHandler> = {
  deploy,
  trigger,
  wait,
  rollback,
  logs,
  status,
  retry
}
