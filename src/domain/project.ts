import type { Domain, Project } from '../cloudflare/types.js'

/**
 * `github:owner/repo`, or `direct-upload` for a project without a Git repository. A project
 * object without `source` (an API answer that leaves it out) is a Direct Upload project too.
 */
export function sourceOf(project: Project): string {
  const source = project.source
  if (!source) return 'direct-upload'
  return `${source.type}:${source.config.owner}/${source.config.repo_name}`
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
