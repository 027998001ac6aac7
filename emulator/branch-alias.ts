import { randomBytes } from 'node:crypto'

/**
 * The branch alias label Pages gives a deployment of `branch`, as Cloudflare describes it: the
 * docs (developers.cloudflare.com/pages/configuration/preview-deployments: lowercased, other
 * characters become a hyphen) and a Cloudflare staff answer with the code Pages runs
 * (community.cloudflare.com/t/477633): lowercase, each character outside `[a-z0-9-]` becomes
 * `-`, leading and trailing `-` trimmed, cut to 28 characters (a `-` the cut leaves at the end
 * stays, as in that code), and `branch-` plus 10 random alphanumerics when nothing is left.
 * Computed once per deployment (see `DeploymentRecord.aliasLabel`): the random one is not
 * derived from the branch.
 */
export function branchSlug(branch: string): string {
  const label = branch
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 28)
  return label === '' ? `branch-${randomAlphanumerics(10)}` : label
}

function randomAlphanumerics(count: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from(randomBytes(count), (byte) => alphabet[byte % alphabet.length]).join('')
}
