/** The Worker metadata keys a Pages configuration adds to a Functions or `_worker.js` bundle. */
import { metadataOrder, type WorkerBinding } from './bindings/worker-binding.js'
import type { ResolvedPagesConfig } from './environment-config.js'
import { workerPlacement, type WorkerPlacement } from './placement.js'
import type { WorkerLimits } from './section.js'

/**
 * The Worker metadata keys besides `main_module`, in wrangler's order. Spread them after
 * `main_module` and serialise with `JSON.stringify` to get wrangler's exact text.
 */
export interface WorkerMetadataFields {
  bindings: WorkerBinding[]
  compatibility_date?: string
  compatibility_flags: string[]
  placement?: WorkerPlacement
  limits?: WorkerLimits
}

/**
 * The metadata keys wrangler sends besides `main_module` when a Pages configuration exists:
 * `bindings` (always, `[]` when none), `compatibility_date` (when set), `compatibility_flags`
 * (always), `placement` and `limits` (when set), in that order.
 */
export function workerMetadata(resolved: ResolvedPagesConfig): WorkerMetadataFields {
  const placement = workerPlacement(resolved.placement)
  return {
    bindings: metadataOrder(resolved.bindings),
    ...(resolved.compatibilityDate !== undefined
      ? { compatibility_date: resolved.compatibilityDate }
      : {}),
    compatibility_flags: [...resolved.compatibilityFlags],
    ...(placement !== undefined ? { placement } : {}),
    ...(resolved.limits !== undefined ? { limits: resolved.limits } : {})
  }
}
