/**
 * The deployment's address before it exists: computed from the branch (see
 * `domain/branch-alias.ts`), told in the log and set as `alias-url` at once, then checked
 * against the alias Cloudflare gives.
 */
import type { Deployment, Project } from '../cloudflare/types.js'
import { aliasLabelIn, predictAlias } from '../domain/branch-alias.js'
import { aliasUrlOf } from '../domain/deployment.js'
import type { OperationContext } from './context.js'

/** Computes the address a deployment of `branch` will have and publishes it as `alias-url`. */
export function announceAlias(
  context: OperationContext<unknown>,
  project: Pick<Project, 'subdomain' | 'production_branch'>,
  branch: string
): void {
  const prediction = predictAlias(branch, project)
  context.report.predictedAlias = prediction
  if (prediction.kind === 'random') {
    context.console.info(
      `Branch ${branch} has no letter or digit, so Cloudflare gives its alias a random name (branch-<10 random characters>): alias-url is known once the deployment exists.`
    )
    return
  }
  context.console.info(
    prediction.kind === 'production'
      ? `Production URL: ${prediction.url}`
      : `Preview URL (the branch alias, computed from the branch before the build): ${prediction.url}`
  )
  context.publish('alias-url', prediction.url)
}

/**
 * Warns when Cloudflare's alias for the deployment is not the one computed before the build;
 * `alias-url` then reports Cloudflare's. Silent while Cloudflare has not named one yet.
 */
export function checkAlias(
  context: OperationContext<unknown>,
  deployment: Deployment,
  subdomain: string | undefined
): void {
  const predicted = context.report.predictedAlias
  if (predicted?.kind !== 'preview' || deployment.environment !== 'preview' || !subdomain) return
  const real = aliasUrlOf(deployment)
  if (real === undefined) return
  const label = aliasLabelIn(real, subdomain)
  if (label === predicted.label) return
  context.console.warning(
    `Cloudflare gave branch ${deployment.deployment_trigger.metadata.branch} the alias ${real}, not ${predicted.url} as pages-pilot computed before the build; alias-url now reports Cloudflare's. Links to the computed address given earlier in this run do not work: please report this at https://github.com/pages-pilot/pages-pilot/issues, with the branch name.`
  )
}
