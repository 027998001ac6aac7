/**
 * Reads a project's wrangler configuration the way `wrangler pages deploy` 4.86.0 does, for two
 * uses: defaults for the project name and the output folder, and the Worker metadata keys
 * (bindings, compatibility date and flags, placement, limits) that wrangler sends with a
 * Functions or `_worker.js` bundle. The rules are wrangler's own, from the folder
 * packages/wrangler/src/config of its repository (validation-pages.ts, validation.ts); the
 * metadata is compared as JSON text with what wrangler was observed to send, in
 * __tests__/wrangler-config.test.ts.
 *
 * Where wrangler only logs a problem and deploys without the file, pages-pilot stops with a
 * {@link ConfigError}: a deployment that silently lost its bindings fails later, at run time.
 *
 * This file finds and reads the file; section.ts, env-sections.ts, supported-keys.ts and
 * bindings/ check what it holds; environment-config.ts and worker-metadata.ts turn it into what
 * one deployment sends.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { ConfigChecks, describeValue, quoteList } from './checks.js'
import { CONFIG_FILE_NAMES, configFilesIn, type ConfigFileName } from './config-files.js'
import { ConfigError } from './config-error.js'
import { readEnvironments, type PagesEnvironment } from './env-sections.js'
import { decodeConfigBytes, parseConfigText, type ConfigFormat } from './parse-config.js'
import { readBoolean, readSection, type PagesSection } from './section.js'
import { checkKeys } from './supported-keys.js'

export interface PagesConfigFile {
  /** Absolute path of the file found. */
  path: string
  fileName: ConfigFileName
  /** Hex SHA-256 of the raw bytes; wrangler sends it as `wrangler_config_hash`. */
  sha256: string
  /** The top-level `name`: the Pages project name. */
  name: string
  /** `pages_build_output_dir`, resolved against the file's folder. */
  outputDir: string
  /** Top-level `no_bundle`, which is what wrangler uses to decide whether to bundle. */
  noBundle: boolean | undefined
  /** Top-level `upload_source_maps`. */
  uploadSourceMaps: boolean | undefined
  topLevel: PagesSection
  /** The `env.production` / `env.preview` sections that exist. */
  environments: Readonly<Partial<Record<PagesEnvironment, PagesSection>>>
}

/** Project names wrangler accepts in `name`. */
const WRANGLER_NAME = /^[a-z0-9_][a-z0-9-_]*$/

/**
 * Looks in `workingDirectory` only (not upward): wrangler.json, then wrangler.jsonc, then
 * wrangler.toml; the first one present is the configuration, as in wrangler. A file without
 * `pages_build_output_dir` is not a Pages configuration: it is ignored with wrangler's warning.
 *
 * @throws ConfigError when the file cannot be read or parsed, or is not a valid Pages
 *   configuration (every problem is listed).
 */
export async function readPagesConfig(
  workingDirectory: string,
  /** The configuration files the folder holds, when the caller has looked already. */
  present: readonly ConfigFileName[] = configFilesIn(workingDirectory)
): Promise<{ config: PagesConfigFile | undefined; warnings: string[] }> {
  const warnings: string[] = []
  const [fileName, ...shadowed] = present
  if (fileName === undefined) return { config: undefined, warnings }
  if (shadowed.length > 0) {
    warnings.push(
      `${quoteList(shadowed)} ${shadowed.length === 1 ? 'is' : 'are'} ignored because ${fileName} is read first (wrangler's order: ${CONFIG_FILE_NAMES.join(', ')}). Remove the files that are not used, to avoid editing the wrong one.`
    )
  }

  const path = resolve(workingDirectory, fileName)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error)
    throw new ConfigError(path, [
      `cannot be read (${reason}). Check that the file is readable by the runner's user.`
    ])
  }
  const format: ConfigFormat = fileName === 'wrangler.toml' ? 'toml' : 'json'
  const raw = parseConfigText(decodeConfigBytes(bytes, path), format, path)

  // Wrangler's test for a Pages configuration: the key is present, whatever its value.
  if (raw.pages_build_output_dir === undefined) {
    warnings.push(
      `Pages now has ${fileName} support.\n` +
        `We detected a configuration file at ${path} but it is missing the "pages_build_output_dir" field, required by Pages.\n` +
        `If you would like to use this configuration file to deploy your project, please use "pages_build_output_dir" to specify the directory of static files to upload.\n` +
        `Ignoring configuration file for now, and proceeding with project deploy.`
    )
    return { config: undefined, warnings }
  }

  const checks = new ConfigChecks(fileName, format)
  const name = readName(raw, checks)
  const outputDir = readOutputDir(raw, path, checks)
  readBoolean(raw, 'send_metrics', '', checks)
  checkKeys(raw, '', checks)
  const topLevel = readSection(raw, '', checks)
  const environments = readEnvironments(raw.env, checks)

  // A missing name or folder is always among the problems; the test also narrows their types.
  if (checks.problems.length > 0 || name === undefined || outputDir === undefined) {
    throw new ConfigError(path, checks.problems)
  }
  return {
    config: {
      path,
      fileName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      name,
      outputDir,
      noBundle: topLevel.noBundle,
      uploadSourceMaps: topLevel.uploadSourceMaps,
      topLevel,
      environments
    },
    warnings: [...warnings, ...checks.warnings]
  }
}

function readName(raw: Record<string, unknown>, checks: ConfigChecks): string | undefined {
  const name = raw.name
  const example = checks.assign('name', '"my-project"')
  if (typeof name !== 'string') {
    checks.problem(
      'name',
      name === undefined
        ? `Missing top-level field "name" in configuration file.\n` +
            `Pages requires the name of your project to be configured at the top-level of your Wrangler configuration file. This is because, in Pages, environments target the same project. Add ${example}, with the project's name as in its *.pages.dev address.`
        : `must be a string, found ${describeValue(name)}. Write ${example}, with the project's name as in its *.pages.dev address.`
    )
    return undefined
  }
  if (name.trim() === '') {
    checks.problem(
      'name',
      `is empty. Pages requires the name of your project to be configured at the top-level of your Wrangler configuration file. Write ${example}, with the project's name as in its *.pages.dev address.`
    )
    return undefined
  }
  if (!WRANGLER_NAME.test(name)) {
    checks.problem(
      'name',
      `Expected "name" to be of type string, alphanumeric and lowercase with dashes only but got ${JSON.stringify(name)}. Use the project's name as in its *.pages.dev address.`
    )
    return undefined
  }
  return name
}

function readOutputDir(
  raw: Record<string, unknown>,
  path: string,
  checks: ConfigChecks
): string | undefined {
  const dir = raw.pages_build_output_dir
  if (typeof dir !== 'string') {
    checks.problem(
      'pages_build_output_dir',
      `must be a string (the folder to upload, relative to ${checks.fileName}), found ${describeValue(dir)}. E.g. ${checks.assign('pages_build_output_dir', '"./dist"')}.`
    )
    return undefined
  }
  // Relative to the file's folder, as wrangler resolves it (not to the working directory).
  return resolve(dirname(path), dir)
}
