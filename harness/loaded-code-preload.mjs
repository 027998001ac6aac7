// Preloaded with `--import`: records every file the process loads as a module, a URL a line,
// into the file PAGES_PILOT_LOADED names. The hooks run on a thread of their own (node:module).
import { register } from 'node:module'

register('./loaded-code-hook.mjs', import.meta.url, {
  data: { file: process.env.PAGES_PILOT_LOADED }
})
