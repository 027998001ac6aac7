/**
 * The control API under `/__emulator/…`: the in-process control methods over HTTP with JSON
 * bodies and no auth, so a workflow can script a CLI emulator it cannot reach in-process.
 */
import { ApiError, errorResponse, failure, success, type EmulatorResponse } from './envelope.js'
import type {
  AddDeployHookOptions,
  AddProjectOptions,
  DeploymentScript,
  Emulator,
  Fault,
  SeedDeploymentOptions,
  SimulatePushOptions
} from './types.js'

/**
 * Answers a control request:
 * - `POST /__emulator/projects` body `AddProjectOptions` → Project
 * - `POST /__emulator/taken-subdomains` body `{label}`: another account holds `<label>.pages.dev`
 * - `POST /__emulator/deployments` body `{project, ...SeedDeploymentOptions}` → Deployment
 * - `POST /__emulator/push` body `{project, ...SimulatePushOptions}` → Deployment
 * - `POST /__emulator/script` body `{project, scripts: DeploymentScript[]}`
 * - `POST /__emulator/deploy-hooks` body `{project, branch?, name?}` → DeployHookInfo
 * - `POST /__emulator/faults` body `{faults: Fault[]}` (or one fault, or an array); `DELETE` clears
 * - `GET /__emulator/requests` → RecordedRequest[]; `POST /__emulator/reset`
 * - `GET /__emulator/projects/{name}`, `GET /__emulator/deployments/{id}` (also hidden ones)
 */
export function handleControl(
  emulator: Emulator,
  method: string,
  path: string,
  body: Buffer
): EmulatorResponse {
  const route = `${method} ${path.split('?')[0]?.replace(/\/+$/, '') ?? ''}`
  try {
    const input = body.length ? parse(body) : {}
    if (route === 'POST /__emulator/projects') {
      return success(emulator.addProject(input as unknown as AddProjectOptions))
    }
    if (route === 'POST /__emulator/taken-subdomains') {
      if (typeof input.label !== 'string') throw new Error('label must be a string')
      emulator.takeSubdomain(input.label)
      return success(null)
    }
    if (route === 'POST /__emulator/deployments') {
      const { project, ...options } = input
      return success(
        emulator.seedDeployment(projectName(project), options as SeedDeploymentOptions)
      )
    }
    if (route === 'POST /__emulator/push') {
      const { project, ...options } = input
      return success(
        emulator.simulatePush(projectName(project), options as unknown as SimulatePushOptions)
      )
    }
    if (route === 'POST /__emulator/deploy-hooks') {
      const { project, ...options } = input
      return success(emulator.addDeployHook(projectName(project), options as AddDeployHookOptions))
    }
    if (route === 'POST /__emulator/script') {
      const scripts = Array.isArray(input.scripts) ? (input.scripts as DeploymentScript[]) : []
      emulator.scriptNextDeployments(projectName(input.project), ...scripts)
      return success(null)
    }
    if (route === 'POST /__emulator/faults') {
      const faults = Array.isArray(input)
        ? input
        : Array.isArray(input.faults)
          ? input.faults
          : [input]
      emulator.addFaults(...(faults as Fault[]))
      return success(null)
    }
    if (route === 'DELETE /__emulator/faults') {
      emulator.clearFaults()
      return success(null)
    }
    if (route === 'GET /__emulator/requests') return success(emulator.requests)
    if (route === 'POST /__emulator/reset') {
      emulator.reset()
      return success(null)
    }
    const found = /^GET \/__emulator\/(projects|deployments)\/([^/]+)$/.exec(route)
    if (found) {
      const name = decodeURIComponent(found[2] ?? '')
      const result =
        found[1] === 'projects' ? emulator.getProject(name) : emulator.getDeployment(name)
      if (result) return success(result)
      return failure(
        404,
        404,
        `${found[1] === 'projects' ? 'Project' : 'Deployment'} ${name} not found`
      )
    }
    return failure(404, 7003, `No control route ${route}`)
  } catch (error) {
    return errorResponse(error)
  }
}

function parse(body: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>
  } catch {
    throw new ApiError(400, 8000001, 'Control request bodies must be JSON.')
  }
}

function projectName(value: unknown): string {
  if (typeof value !== 'string') throw new ApiError(400, 8000001, 'Missing "project" (a string).')
  return value
}
