/**
 * Entrypoint of the action. The runner cancels a job with SIGINT, then SIGTERM; either one
 * stops the operation at once so that the outputs and summary gathered so far are written.
 */
import { run } from './action/main.js'

const controller = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => controller.abort())
}

await run({ signal: controller.signal })
// Nothing else may keep the process alive: an abandoned request after a cancel, for instance.
process.exit()
