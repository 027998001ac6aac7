/**
 * The environment a tool pages-pilot runs is given: what a process needs to start and find
 * its temporary folder, and nothing else. The runner's environment holds the step's inputs
 * (`INPUT_API-TOKEN`, and `INPUT_GITHUB-TOKEN`, which defaults to the job's token), Cloudflare
 * credentials and tokens of other steps; no bundler needs any of them.
 */

/** Variables passed on, compared without case (Windows spells them as it likes). */
const PASSED = new Set([
  'PATH',
  'PATHEXT',
  'HOME',
  'USERPROFILE',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC'
])

export function toolEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && PASSED.has(name.toUpperCase())) kept[name] = value
  }
  return kept
}
