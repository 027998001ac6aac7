/**
 * Runs the esbuild binary with command-line flags: one process per build, about 10 ms, no
 * JavaScript API to keep in step with the binary's version. Its messages are parsed so that a
 * build error names the file and line.
 */
import { spawn } from 'node:child_process'
import { CanceledError } from '../util/canceled.js'
import { toolEnvironment } from './tool-environment.js'
import type { VerifiedBinary } from './verified-binary.js'

/** One error or warning esbuild printed. */
export interface BuildMessage {
  text: string
  /** Where, when esbuild said (relative to the build's working directory). */
  file?: string
  line?: number
  column?: number
}

/** A build that esbuild refused; the message lists its errors with file and line. */
export class BuildError extends Error {
  constructor(
    what: string,
    readonly errors: BuildMessage[]
  ) {
    const listed = errors
      .slice(0, 10)
      .map((e) => `  ${e.file ? `${e.file}:${e.line ?? 0}:${e.column ?? 0}: ` : ''}${e.text}`)
    const more = errors.length > 10 ? [`  … and ${errors.length - 10} more`] : []
    super(`${what} failed:\n${[...listed, ...more].join('\n')}`)
    this.name = 'BuildError'
  }
}

export interface EsbuildOutcome {
  ok: boolean
  errors: BuildMessage[]
  warnings: BuildMessage[]
  /** The bundle, when the build wrote to standard output (no outfile or outdir). */
  stdout: Buffer
}

/**
 * Runs `binary` with `args` in `cwd`, once it is checked to be the published esbuild, with an
 * environment that holds no secret; never throws for a failed build, only for a cancel or a
 * binary that changed since it was checked.
 */
export async function runEsbuild(
  binary: VerifiedBinary,
  args: string[],
  options: { cwd: string; signal?: AbortSignal | undefined }
): Promise<EsbuildOutcome> {
  if (options.signal?.aborted) throw new CanceledError()
  await binary.assertUnchanged('esbuild')
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new CanceledError())
    const child = spawn(binary.path, [...args, '--color=false', '--log-level=warning'], {
      cwd: options.cwd,
      env: toolEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true
    })
    let stderr = ''
    const stdout: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const cancel = (): void => {
      child.kill()
      reject(new CanceledError())
    }
    options.signal?.addEventListener('abort', cancel, { once: true })
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', cancel)
      resolve({
        ok: false,
        errors: [{ text: `could not run esbuild: ${error.message}` }],
        warnings: [],
        stdout: Buffer.alloc(0)
      })
    })
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', cancel)
      const { errors, warnings } = parseMessages(stderr)
      if (code !== 0 && errors.length === 0) {
        errors.push({ text: stderr.trim() || `esbuild exited with code ${code ?? 'unknown'}` })
      }
      resolve({ ok: code === 0, errors, warnings, stdout: Buffer.concat(stdout) })
    })
  })
}

const HEAD = /^\s*(?:✘|X|▲)\s*\[(ERROR|WARNING)\]\s+(.*)$/
const WHERE = /^\s{2,}(.+?):(\d+):(\d+):\s*$/

/** The errors and warnings of esbuild's log (`--color=false`). */
export function parseMessages(log: string): { errors: BuildMessage[]; warnings: BuildMessage[] } {
  const errors: BuildMessage[] = []
  const warnings: BuildMessage[] = []
  let current: BuildMessage | undefined
  for (const line of log.split(/\r?\n/)) {
    const head = HEAD.exec(line)
    if (head) {
      current = { text: head[2] ?? '' }
      ;(head[1] === 'ERROR' ? errors : warnings).push(current)
      continue
    }
    const where = WHERE.exec(line)
    if (where && current && current.file === undefined) {
      current.file = where[1] ?? ''
      current.line = Number(where[2])
      current.column = Number(where[3])
    }
  }
  return { errors, warnings }
}
