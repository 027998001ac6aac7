#!/usr/bin/env node
/**
 * Entry of the `pages-pilot` command. SIGINT and SIGTERM stop the operation at once; the outputs
 * and summary gathered so far are still written, and the exit code says which signal it was.
 * The handlers are installed before the rest of the command loads.
 */
const controller = new AbortController()
let interruptedBy: 'SIGINT' | 'SIGTERM' | undefined
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interruptedBy ??= signal
    controller.abort()
  })
}

// Loaded once the handlers are in place, so that a signal while it loads is handled too.
const { loadCli } = await import('../bundle.js')
const { main } = await loadCli()
const code = await main(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  signal: controller.signal,
  interruptedBy: () => interruptedBy
})
// Nothing else may keep the process alive: an abandoned request after a cancel, for instance.
process.exit(code)
