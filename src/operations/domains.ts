import type { DomainsTask } from './settings.js'
import type { OperationContext } from './context.js'
import { describeDomain, inactiveDomains } from '../domain/project.js'

/**
 * `operation: domains`: lists the project's custom domains with their status and validation
 * state. With `fail-on-inactive-domain`, a domain that is not `active` fails the step: the
 * check to run after adding a domain.
 */
export async function domains(context: OperationContext<DomainsTask>): Promise<void> {
  const { task, projectName, client, report, console } = context
  report.project = await client.getProject(projectName)
  const listed = await client.listDomains(projectName)
  report.domains = listed
  report.status = 'success'
  if (listed.length === 0) {
    console.info(`Project ${projectName} has no custom domains.`)
    return
  }
  console.info(`Custom domains of project ${projectName}:`)
  for (const domain of listed) console.info(`  ${domain.name}: ${describeDomain(domain)}`)
  const inactive = inactiveDomains(listed)
  if (inactive.length === 0) return
  const detail = inactive.map((d) => `${d.name} (${describeDomain(d)})`).join(', ')
  if (task.failOnInactiveDomain) {
    report.status = 'failure'
    report.failure = `${inactive.length} of ${listed.length} custom domains are not active: ${detail}. Check their DNS records in the Cloudflare dashboard (Custom domains); validation can take a few minutes after a domain is added.`
  } else {
    console.warning(`Custom domains not active yet: ${detail}`)
  }
}
