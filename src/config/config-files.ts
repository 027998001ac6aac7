/** Which wrangler configuration files a folder holds, and which one wrangler reads. */
import { statSync } from 'node:fs'
import { join } from 'node:path'

/** The names wrangler looks for, in its order: the first one present is the configuration. */
export const CONFIG_FILE_NAMES = ['wrangler.json', 'wrangler.jsonc', 'wrangler.toml'] as const
export type ConfigFileName = (typeof CONFIG_FILE_NAMES)[number]

/**
 * The wrangler configuration files in `folder`, in the order wrangler reads them. Every run
 * asks, and most folders have none: a stat that answers "no such file" without an exception,
 * and without loading `fs/promises` into a start that may not need it otherwise.
 */
export function configFilesIn(folder: string): ConfigFileName[] {
  return CONFIG_FILE_NAMES.filter((name) => isFile(join(folder, name)))
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
  } catch {
    // Not a folder, or not readable: no configuration there either.
    return false
  }
}
