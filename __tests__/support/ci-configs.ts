/**
 * The shape of other CIs' configuration files, for the documentation's examples: the keys each
 * CI knows, the fields a job or step must have, and the references between them. No schema of
 * GitLab, Buildkite or CircleCI is on the npm registry, so these are their documented
 * keywords; enough to catch a misspelt key, a job without a script or a dangling reference.
 */
import { parse } from 'yaml'

/** The CI configuration files a documentation block may be, named by its first-line comment. */
export const CI_FILES = [
  '.gitlab-ci.yml',
  '.buildkite/pipeline.yml',
  '.circleci/config.yml'
] as const
export type CiFile = (typeof CI_FILES)[number]

/** The CI file a YAML block is, from a first line such as `# .gitlab-ci.yml`. */
export function ciFileOf(content: string): CiFile | undefined {
  const first = content.trimStart().split('\n')[0] ?? ''
  return CI_FILES.find((file) => first.replace(/^#\s*/, '').trim() === file)
}

/** What is wrong with `content` as the CI file `file`; empty when nothing is. */
export function ciConfigProblems(file: CiFile, content: string): string[] {
  const value: unknown = parse(content)
  if (!isMapping(value)) return [`${file}: not a mapping`]
  switch (file) {
    case '.gitlab-ci.yml':
      return gitlabProblems(value)
    case '.buildkite/pipeline.yml':
      return buildkiteProblems(value)
    case '.circleci/config.yml':
      return circleciProblems(value)
  }
}

type Mapping = Record<string, unknown>

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function unknownKeys(where: string, value: Mapping, known: ReadonlySet<string>): string[] {
  return Object.keys(value)
    .filter((key) => !known.has(key))
    .map((key) => `${where}: unknown key ${key}`)
}

const GITLAB_GLOBAL = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script'
])
const GITLAB_JOB = new Set([
  'after_script',
  'allow_failure',
  'artifacts',
  'before_script',
  'cache',
  'coverage',
  'dependencies',
  'environment',
  'extends',
  'id_tokens',
  'image',
  'inherit',
  'interruptible',
  'needs',
  'parallel',
  'release',
  'resource_group',
  'retry',
  'rules',
  'script',
  'secrets',
  'services',
  'stage',
  'tags',
  'timeout',
  'trigger',
  'variables',
  'when'
])
const GITLAB_ARTIFACTS = new Set([
  'paths',
  'exclude',
  'expire_in',
  'expose_as',
  'name',
  'public',
  'reports',
  'untracked',
  'when'
])
const GITLAB_ENVIRONMENT = new Set([
  'name',
  'url',
  'on_stop',
  'action',
  'auto_stop_in',
  'kubernetes',
  'deployment_tier'
])

function gitlabProblems(config: Mapping): string[] {
  const problems: string[] = []
  const stages = Array.isArray(config.stages)
    ? config.stages
    : ['.pre', 'build', 'test', 'deploy', '.post']
  const jobs = Object.entries(config).filter(
    ([name]) => !GITLAB_GLOBAL.has(name) && !name.startsWith('.')
  )
  const names = new Set(jobs.map(([name]) => name))
  for (const [name, job] of jobs) {
    if (!isMapping(job)) {
      problems.push(`job ${name}: not a mapping`)
      continue
    }
    problems.push(...unknownKeys(`job ${name}`, job, GITLAB_JOB))
    if (!('script' in job) && !('trigger' in job) && !('extends' in job)) {
      problems.push(`job ${name}: no script`)
    }
    if (job.stage !== undefined && !stages.includes(job.stage)) {
      problems.push(`job ${name}: stage ${String(job.stage)} is not in stages`)
    }
    for (const need of Array.isArray(job.needs) ? job.needs : []) {
      const needed = isMapping(need) ? need.job : need
      if (typeof needed !== 'string' || !names.has(needed)) {
        problems.push(`job ${name}: needs ${String(needed)}, which is not a job`)
      }
    }
    if (isMapping(job.artifacts)) {
      problems.push(...unknownKeys(`job ${name} artifacts`, job.artifacts, GITLAB_ARTIFACTS))
      const reports = job.artifacts.reports
      if (
        isMapping(reports) &&
        reports.dotenv !== undefined &&
        typeof reports.dotenv !== 'string'
      ) {
        problems.push(`job ${name}: artifacts:reports:dotenv must be a file name`)
      }
    }
    if (isMapping(job.environment)) {
      problems.push(...unknownKeys(`job ${name} environment`, job.environment, GITLAB_ENVIRONMENT))
    }
  }
  if (jobs.length === 0) problems.push('no job')
  return problems
}

const BUILDKITE_STEP = new Set([
  'agents',
  'allow_dependency_failure',
  'artifact_paths',
  'block',
  'branches',
  'cancel_on_build_failing',
  'command',
  'commands',
  'concurrency',
  'concurrency_group',
  'depends_on',
  'env',
  'fields',
  'group',
  'if',
  'input',
  'key',
  'label',
  'matrix',
  'notify',
  'parallelism',
  'plugins',
  'priority',
  'prompt',
  'retry',
  'skip',
  'soft_fail',
  'steps',
  'timeout_in_minutes',
  'trigger',
  'wait'
])

function buildkiteProblems(config: Mapping): string[] {
  const problems = unknownKeys('pipeline', config, new Set(['steps', 'env', 'agents', 'notify']))
  if (!Array.isArray(config.steps) || config.steps.length === 0) return [...problems, 'no steps']
  const keys = new Set(
    config.steps
      .filter(isMapping)
      .flatMap((step) => (typeof step.key === 'string' ? [step.key] : []))
  )
  config.steps.forEach((step, index) => {
    if (step === 'wait') return
    if (!isMapping(step)) return problems.push(`step ${index + 1}: not a mapping`)
    const where = `step ${index + 1} (${String(step.label ?? step.key ?? '')})`
    problems.push(...unknownKeys(where, step, BUILDKITE_STEP))
    const kinds = ['command', 'commands', 'plugins', 'wait', 'block', 'input', 'trigger', 'group']
    if (!kinds.some((kind) => kind in step)) problems.push(`${where}: no command`)
    const depends = typeof step.depends_on === 'string' ? [step.depends_on] : step.depends_on
    for (const key of Array.isArray(depends) ? depends : []) {
      if (typeof key !== 'string' || !keys.has(key)) {
        problems.push(`${where}: depends on ${String(key)}, which is no step's key`)
      }
    }
    return undefined
  })
  return problems
}

const CIRCLECI_JOB = new Set([
  'docker',
  'machine',
  'macos',
  'executor',
  'resource_class',
  'steps',
  'environment',
  'working_directory',
  'parallelism',
  'shell',
  'parameters'
])

function circleciProblems(config: Mapping): string[] {
  const problems = unknownKeys(
    'config',
    config,
    new Set([
      'version',
      'jobs',
      'workflows',
      'orbs',
      'executors',
      'commands',
      'parameters',
      'setup'
    ])
  )
  if (config.version !== 2.1 && config.version !== 2) problems.push('version must be 2.1')
  const jobs = isMapping(config.jobs) ? config.jobs : {}
  for (const [name, job] of Object.entries(jobs)) {
    if (!isMapping(job)) {
      problems.push(`job ${name}: not a mapping`)
      continue
    }
    problems.push(...unknownKeys(`job ${name}`, job, CIRCLECI_JOB))
    if (!['docker', 'machine', 'macos', 'executor'].some((key) => key in job)) {
      problems.push(`job ${name}: no executor (docker, machine, macos or executor)`)
    }
    if (!Array.isArray(job.steps) || job.steps.length === 0) problems.push(`job ${name}: no steps`)
  }
  const workflows = isMapping(config.workflows) ? config.workflows : {}
  if (Object.keys(workflows).length === 0) problems.push('no workflow')
  for (const [name, workflow] of Object.entries(workflows)) {
    const listed = isMapping(workflow) && Array.isArray(workflow.jobs) ? workflow.jobs : []
    if (listed.length === 0) problems.push(`workflow ${name}: no jobs`)
    for (const entry of listed) {
      const job =
        typeof entry === 'string' ? entry : isMapping(entry) ? Object.keys(entry)[0] : undefined
      if (job === undefined || !(job in jobs)) {
        problems.push(`workflow ${name}: job ${String(job)} is not defined`)
      }
    }
  }
  return problems
}
