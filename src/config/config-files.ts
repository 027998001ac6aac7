/** Which wrangler configuration files a folder holds, and which one wrangler reads. */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'

/** The names wrangler looks for, in its order: the first one present is the configuration. */
export const CONFIG_FILE_NAMES = ['wrangler.json', 'wrangler.jsonc', 'wrangler.toml'] as const
export type ConfigFileName = (typeof CONFIG_FILE_NAMES)[number]

/** The wrangler configuration files in `folder`, in the order wrangler reads them. */
export async function configFilesIn(folder: string): Promise<ConfigFileName[]> {
  const present: ConfigFileName[] = []
  for (const name of CONFIG_FILE_NAMES) {
    if (await isFile(join(folder, name))) present.push(name)
  }
  return present
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
