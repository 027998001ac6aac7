/**
 * The branch alias Cloudflare Pages gives a preview (`https://<label>.<subdomain>`), computed from
 * the branch before anything is built, so that the preview's address is known at once.
 *
 * The rule, from these sources:
 * - Cloudflare's docs (developers.cloudflare.com/pages/configuration/preview-deployments, "Preview
 *   aliases"): the branch name is lowercased and non-alphanumeric characters become a hyphen
 *   (`fix/api` → `fix-api`).
 * - A Cloudflare staff answer (community.cloudflare.com/t/477633, WalshyDev), with the code
 *   Pages runs: lowercase; every character outside `[a-z0-9-]` becomes `-` (one each: runs are
 *   not joined); leading and trailing `-` are trimmed; the result is cut to 28 characters; an
 *   empty result becomes `branch-<10 random alphanumerics>`.
 * - Users' reports of real aliases: `dependabot/npm_and_yarn/dustjs-linkedin-3.0.0` →
 *   `dependabot-npm-and-yarn-dust` (the same thread), `download-api-add-filter-information` →
 *   `download-api-add-filter-info` (owid/owid-grapher#4308),
 *   `janpio-driver/adapters-tracing-and-metrics` → `janpio-driver-adapters-traci` (prisma/web#6080).
 *
 * Not settled by any real example: whether a `-` left at the end by the cut is trimmed too
 * (cloudflare/pages-action#126 trims after cutting). This follows the staff's code: trim, then
 * cut, so such a `-` stays. Characters beyond ASCII are replaced per UTF-16 unit, as that code
 * does in JavaScript. Where Cloudflare's real alias differs, pages-pilot says so and reports the
 * real one (see `aliasLabelIn`).
 */

/** Longest label Cloudflare gives a branch alias. */
export const ALIAS_MAX_LENGTH = 28

/**
 * The alias label of `branch`, or `undefined` when Cloudflare makes up a random one (a branch
 * with no letter or digit, such as `___`): then nothing can be known before the deployment.
 */
export function branchAliasLabel(branch: string): string | undefined {
  const label = branch
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ALIAS_MAX_LENGTH)
  return label === '' ? undefined : label
}

/** What the run can say about a deployment's address before it exists. */
export type AliasPrediction =
  | { kind: 'production'; url: string }
  | { kind: 'preview'; url: string; label: string }
  /** Cloudflare picks `branch-<random>`: known only once the deployment exists. */
  | { kind: 'random' }

/**
 * The address a deployment of `branch` will have: the project's own for its production branch,
 * else the branch alias.
 */
export function predictAlias(
  branch: string,
  project: { subdomain: string; production_branch: string }
): AliasPrediction {
  if (branch === project.production_branch) {
    return { kind: 'production', url: `https://${project.subdomain}` }
  }
  const label = branchAliasLabel(branch)
  if (label === undefined) return { kind: 'random' }
  return { kind: 'preview', url: `https://${label}.${project.subdomain}`, label }
}

/**
 * The label of an alias Cloudflare reported, found as `<label>.<subdomain>` anywhere in it (the
 * emulator serves `*.pages.dev` hosts under a path of its own).
 */
export function aliasLabelIn(alias: string, subdomain: string): string | undefined {
  const host = subdomain.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?:^|/)([a-z0-9-]+)\\.${host}(?=$|[/:?#])`).exec(alias.toLowerCase())?.[1]
}
