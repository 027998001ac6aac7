import * as core from '@actions/core'
import type { Domain } from '../cloudflare/types.js'
import type { OperationContext } from './context.js'

/**
 * `operation: domains`: lists the project's custom domains with their status and validation
 * state. With `fail-on-inactive-domain`, a domain that is not `active` fails the step: the
 * check to run after adding a domain.
 */
export async function domains(context: OperationContext): Promise<void> {
  const { settings, client, report } = context
  report.project = await client.getProject(settings.projectName)
  const listed = await client.listDomains(settings.projectName)
  report.domains = listed
  report.status = 'success'
  if (listed.length === 0) {
    core.info(`Project ${settings.projectName} has no custom domains.`)
    return
  }
  core.info(`Custom domains of project ${settings.projectName}:`)
  for (const domain of listed) core.info(`  ${domain.name}: ${describeDomain(domain)}`)
  const inactive = inactiveDomains(listed)
  if (inactive.length === 0) return
  const detail = inactive.map((d) => `${d.name} (${describeDomain(d)})`).join(', ')
  if (settings.failOnInactiveDomain) {
    report.status = 'failure'
    report.failure = `${inactive.length} of ${listed.length} custom domains are not active: ${detail}. Check their DNS records in the Cloudflare dashboard (Custom domains); validation can take a few minutes after a domain is added.`
  } else {
    core.warning(`Custom domains not active yet: ${detail}`)
  }
}

/** Domains whose status is anything but `active`. */
export function inactiveDomains(domains: Domain[]): Domain[] {
  return domains.filter((d) => d.status !== 'active')
}

/** `active`, or `pending; validation pending (http); verification pending`, with any error. */
export function describeDomain(domain: Domain): string {
  const parts: string[] = [domain.status]
  const validation = domain.validation_data
  if (validation) {
    const method = validation.method ? ` (${validation.method})` : ''
    const error = validation.error_message ? `: ${validation.error_message}` : ''
    if (validation.status !== 'active' || error)
      parts.push(`validation ${validation.status}${method}${error}`)
  }
  const verification = domain.verification_data
  if (verification && (verification.status !== 'active' || verification.error_message)) {
    const error = verification.error_message ? `: ${verification.error_message}` : ''
    parts.push(`verification ${verification.status}${error}`)
  }
  return parts.join('; ')
}
