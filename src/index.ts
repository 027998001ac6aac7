/**
 * Entrypoint of the action. The runner cancels a job with SIGINT, then SIGTERM; either one
 * stops the operation at once so that the outputs and summary gathered so far are written.
 * The handlers come first, before the rest of the action loads: a cancel during loading still
 * ends in outputs and a summary, instead of the default death of the process.
 */
const controller = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => controller.abort())
}

const { loadAction } = await import('./bundle.js')
const { run } = await loadAction()
await run({ signal: controller.signal })
// Nothing else may keep the process alive: an abandoned request after a cancel, for instance.
process.exit()
