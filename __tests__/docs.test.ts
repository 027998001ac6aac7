/**
 * Every workflow the documentation shows must be one GitHub accepts. Each ```yaml block of the
 * README, docs/ and the other top-level Markdown files is parsed strictly (duplicate keys, bad
 * indentation, tabs...), and each block that is a workflow (`on:` and `jobs:`) is validated
 * against GitHub's own workflow schema with @actions/workflow-parser. A block that is not a
 * whole workflow must say so (a first-line comment with "snippet"). The repository's own
 * workflows and action.yml go through the same checks, every workflow that uses the action has
 * a permissions block, the README's tables are what scripts/readme-tables.mjs generates from
 * action.yml, and relative links lead to a file and a heading that exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { isMap, parseDocument } from 'yaml'
import { ciConfigProblems, ciFileOf } from './support/ci-configs.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string): string => readFileSync(join(root, path), 'utf8')

/** The Markdown files that hold documentation: every one at the top level, and docs/. */
const markdownFiles = [
  ...readdirSync(root).filter((name) => name.endsWith('.md')),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
].sort()

const workflowFiles = readdirSync(join(root, '.github', 'workflows'))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => `.github/workflows/${name}`)
  .sort()

interface Block {
  /** `file:line` of the block's first content line. */
  where: string
  file: string
  /** 1-based line of the block's first content line in its file. */
  line: number
  lang: string
  content: string
}

/** The fenced code blocks of a Markdown text, with their language and position. */
function fencedBlocks(file: string, text: string): Block[] {
  const lines = text.split('\n')
  const blocks: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] ?? '')
    if (!open) continue
    const [, indent = '', fence = '', lang = ''] = open
    const body: string[] = []
    let j = i + 1
    const close = new RegExp(`^ *${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`)
    for (; j < lines.length && !close.test(lines[j] ?? ''); j++) {
      body.push((lines[j] ?? '').startsWith(indent) ? (lines[j] ?? '').slice(indent.length) : '')
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: code block is never closed`)
    blocks.push({ where: `${file}:${i + 2}`, file, line: i + 2, lang, content: body.join('\n') })
    i = j
  }
  return blocks
}

/** YAML problems (errors and warnings) of a strict parse, each with its line in `file`. */
function yamlProblems(content: string, file: string, firstLine = 1): string[] {
  const doc = parseDocument(content, {
    uniqueKeys: true,
    strict: true,
    prettyErrors: true,
    stringKeys: true
  })
  return [...doc.errors, ...doc.warnings].map((problem) => {
    const line = (problem.linePos?.[0]?.line ?? 1) + firstLine - 1
    return `${file}:${line}: ${problem.code}: ${problem.message}`
  })
}

/** The parsed value when it is a mapping, else `undefined`. */
function mappingOf(content: string): Record<string, unknown> | undefined {
  const doc = parseDocument(content)
  return isMap(doc.contents) ? (doc.toJS() as Record<string, unknown>) : undefined
}

function isWorkflow(content: string): boolean {
  const value = mappingOf(content)
  return value !== undefined && 'on' in value && 'jobs' in value
}

/** Schema errors GitHub's parser finds, with their line in `file`. */
function schemaErrors(
  kind: 'workflow' | 'action',
  content: string,
  file: string,
  firstLine = 1
): string[] {
  const parse = kind === 'workflow' ? parseWorkflow : parseAction
  const result = parse({ name: file, content }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((error) => {
    const line = (error.range?.start.line ?? 1) + firstLine - 1
    return `${file}:${line}: ${error.rawMessage}`
  })
}

interface Job {
  permissions?: unknown
  steps?: Array<{ uses?: unknown }>
}

/**
 * The jobs of a workflow that use pages-pilot (the published action, or `./` in this
 * repository) without a permissions block of their own or at the top level.
 */
function jobsWithoutPermissions(content: string): string[] {
  const workflow = mappingOf(content) ?? {}
  if ('permissions' in workflow) return []
  const jobs = (workflow.jobs ?? {}) as Record<string, Job>
  return Object.entries(jobs)
    .filter(([, job]) =>
      (job.steps ?? []).some(
        (step) =>
          typeof step.uses === 'string' && /^(pages-pilot\/pages-pilot@|\.\/?$)/.test(step.uses)
      )
    )
    .filter(([, job]) => !('permissions' in job))
    .map(([name]) => name)
}

const docBlocks = markdownFiles.flatMap((file) => fencedBlocks(file, read(file)))
const yamlBlocks = docBlocks.filter((block) => block.lang === 'yaml' || block.lang === 'yml')
const workflowBlocks = yamlBlocks.filter((block) => isWorkflow(block.content))
const otherBlocks = yamlBlocks.filter((block) => !isWorkflow(block.content))
/** Other CIs' configurations (docs/cli.md), named by a first-line comment like `# .gitlab-ci.yml`. */
const ciBlocks = otherBlocks.filter((block) => ciFileOf(block.content) !== undefined)

describe('the YAML blocks of the documentation', () => {
  it('are found in README.md, CONTRIBUTING.md and docs/', () => {
    expect(markdownFiles).toEqual(
      expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/workflows.md'])
    )
    expect(yamlBlocks.filter((block) => block.file === 'README.md').length).toBeGreaterThan(0)
    expect(workflowBlocks.length).toBeGreaterThanOrEqual(20)
  })

  it.each(yamlBlocks.map((block) => [block.where, block] as const))(
    '%s is strict YAML',
    (_where, block) => {
      expect(yamlProblems(block.content, block.file, block.line)).toEqual([])
    }
  )

  it.each(workflowBlocks.map((block) => [block.where, block] as const))(
    '%s is a workflow GitHub accepts',
    (_where, block) => {
      expect(schemaErrors('workflow', block.content, block.file, block.line)).toEqual([])
    }
  )

  it.each(ciBlocks.map((block) => [block.where, block] as const))(
    '%s is a configuration its CI accepts',
    (_where, block) => {
      const file = ciFileOf(block.content)!
      expect(ciConfigProblems(file, block.content)).toEqual([])
    }
  )

  it('show a GitLab CI, a Buildkite and a CircleCI configuration', () => {
    expect(ciBlocks.map((block) => ciFileOf(block.content)).sort()).toEqual([
      '.buildkite/pipeline.yml',
      '.circleci/config.yml',
      '.gitlab-ci.yml'
    ])
  })

  it('label every block that is not a whole workflow or CI configuration as a snippet', () => {
    const unlabelled = otherBlocks
      .filter((block) => !ciBlocks.includes(block))
      .filter((block) => !/^#.*\bsnippet\b/i.test(block.content.trimStart()))
      .map((block) => block.where)
    expect(unlabelled).toEqual([])
  })

  it('give every workflow that uses the action a permissions block', () => {
    const users = workflowBlocks.filter((block) =>
      block.content.includes('pages-pilot/pages-pilot@')
    )
    expect(users.length).toBeGreaterThanOrEqual(15)
    const missing = users.flatMap((block) =>
      jobsWithoutPermissions(block.content).map((job) => `${block.where} (job ${job})`)
    )
    expect(missing).toEqual([])
  })
})

describe("the repository's own YAML", () => {
  it.each(workflowFiles)('%s is strict YAML and a workflow GitHub accepts', (file) => {
    const content = read(file)
    expect(yamlProblems(content, file)).toEqual([])
    expect(isWorkflow(content)).toBe(true)
    expect(schemaErrors('workflow', content, file)).toEqual([])
    expect(jobsWithoutPermissions(content)).toEqual([])
  })

  it('pins every third-party action by its full commit SHA, with the version in a comment', () => {
    const loose = workflowFiles.flatMap((file) =>
      read(file)
        .split('\n')
        .map((line, index) => ({ line, where: `${file}:${index + 1}` }))
        .filter(({ line }) => /^\s*(-\s+)?uses:\s*[^\s.]/.test(line))
        .filter(
          ({ line }) => !/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$/.test(line)
        )
        .map(({ where, line }) => `${where}: ${line.trim()}`)
    )
    expect(loose).toEqual([])
  })

  it('action.yml is strict YAML and an action GitHub accepts', () => {
    const content = read('action.yml')
    expect(yamlProblems(content, 'action.yml')).toEqual([])
    expect(schemaErrors('action', content, 'action.yml')).toEqual([])
  })

  it('.github/dependabot.yml is strict YAML', () => {
    expect(yamlProblems(read('.github/dependabot.yml'), '.github/dependabot.yml')).toEqual([])
  })
})

describe('the checks themselves', () => {
  const base =
    'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n'

  it('catch the usual mistakes, with the line', () => {
    expect(schemaErrors('workflow', base, 'w.yml')).toEqual([])
    expect(schemaErrors('workflow', base.replace('on: push', 'on: pushh'), 'w.yml')).toEqual([
      "w.yml:1: Unexpected value 'pushh'"
    ])
    expect(
      schemaErrors(
        'workflow',
        base.replace('    steps:', '    permisions: {}\n    steps:'),
        'w.yml'
      )
    ).toEqual(["w.yml:5: Unexpected value 'permisions'"])
    expect(yamlProblems(`${base}    runs-on: x\n`, 'w.yml', 10)).toEqual([
      expect.stringMatching(/^w\.yml:16: DUPLICATE_KEY: /)
    ])
    expect(yamlProblems(base.replace('    runs-on', '\truns-on'), 'w.yml')).not.toEqual([])
  })

  it("catch a misspelt key, a job without a script and a dangling reference in other CIs' files", () => {
    const gitlab = '# .gitlab-ci.yml\ndeploy:\n  stage: deploy\n  script: [x]\n'
    expect(ciConfigProblems('.gitlab-ci.yml', gitlab)).toEqual([])
    expect(ciConfigProblems('.gitlab-ci.yml', gitlab.replace('script', 'scrip'))).toEqual([
      'job deploy: unknown key scrip',
      'job deploy: no script'
    ])
    expect(ciConfigProblems('.gitlab-ci.yml', `${gitlab}  needs: [build]\n`)).toEqual([
      'job deploy: needs build, which is not a job'
    ])
    const buildkite =
      'steps:\n  - label: a\n    key: a\n    command: x\n  - depends_on: b\n    command: y\n'
    expect(ciConfigProblems('.buildkite/pipeline.yml', buildkite)).toEqual([
      "step 2 (): depends on b, which is no step's key"
    ])
    const circleci =
      'version: 2.1\njobs:\n  d:\n    docker: [{image: x}]\n    steps: [checkout]\nworkflows:\n  w:\n    jobs: [e]\n'
    expect(ciConfigProblems('.circleci/config.yml', circleci)).toEqual([
      'workflow w: job e is not defined'
    ])
  })

  it('find fenced blocks with their language and line, indented ones included', () => {
    const text = 'intro\n\n```yaml\na: 1\n```\n\n- item\n\n  ```\n  plain\n  ```\n'
    expect(fencedBlocks('x.md', text)).toEqual([
      { where: 'x.md:4', file: 'x.md', line: 4, lang: 'yaml', content: 'a: 1' },
      { where: 'x.md:10', file: 'x.md', line: 10, lang: '', content: 'plain' }
    ])
  })

  it('see a job that uses the action without permissions', () => {
    const workflow =
      'on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pages-pilot/pages-pilot@v1\n'
    expect(jobsWithoutPermissions(workflow)).toEqual(['d'])
    expect(jobsWithoutPermissions(`permissions: {}\n${workflow}`)).toEqual([])
  })
})

describe('README.md tables', () => {
  it('are what `node scripts/readme-tables.mjs` generates from action.yml', async () => {
    const { updateReadme } = (await import(join(root, 'scripts', 'readme-tables.mjs'))) as {
      updateReadme: (readme: string, actionYml: string) => string
    }
    const readme = read('README.md')
    expect(readme).toEqual(updateReadme(readme, read('action.yml')))
  })

  it('escape | in cells and keep <placeholders> from becoming HTML', async () => {
    const { renderTables } = (await import(join(root, 'scripts', 'readme-tables.mjs'))) as {
      renderTables: (actionYml: string) => { inputs: string; outputs: string }
    }
    const tables = renderTables(
      "inputs:\n  a:\n    description: 'x | <y>'\n    default: 'p|q'\n  b:\n    description: z\n    required: true\noutputs:\n  c:\n    description: w\n"
    )
    expect(tables.inputs.split('\n').slice(2)).toEqual([
      '| `a` | x \\| &lt;y> | `p\\|q` |',
      '| `b` | z | **required** |'
    ])
    expect(tables.outputs.split('\n').slice(2)).toEqual(['| `c` | w |'])
  })
})

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** The anchors of a Markdown file's headings (outside code blocks), with GitHub's -1, -2... */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let inCode = false
  for (const line of text.split('\n')) {
    if (/^ *(`{3,}|~{3,})/.test(line)) inCode = !inCode
    const heading = inCode ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)
    if (!heading?.[1]) continue
    const base = slug(heading[1])
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

describe('links between the documents', () => {
  it.each(markdownFiles)('%s links only to files and headings that exist', (file) => {
    const text = read(file)
    // Code blocks and inline code hold examples, not links.
    const prose = text.replace(/^ *```[\s\S]*?^ *```/gm, '').replace(/`[^`\n]*`/g, '')
    const broken: string[] = []
    for (const [, target = ''] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue
      const [path = '', anchor] = target.split('#')
      const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : ''
      const resolved = path === '' ? file : join(dir, path)
      if (!existsSync(join(root, resolved))) {
        broken.push(`${target}: no file ${resolved}`)
        continue
      }
      if (anchor !== undefined && resolved.endsWith('.md')) {
        if (!anchorsOf(read(resolved)).has(anchor)) broken.push(`${target}: no heading #${anchor}`)
      }
    }
    expect(broken).toEqual([])
  })
})
