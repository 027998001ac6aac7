/**
 * Keeps this project's row in the pull request's one comment, written by several jobs at once.
 * GitHub has no conditional update for comments, so a job's write can replace another's made a
 * moment earlier. Each job therefore:
 *
 * - edits only its own row, writing back every other row as it read it, and remembers every row
 *   it has seen (by project, the newest of each: see `compareOrder`);
 * - after writing, waits a moment for writes made at the same time to land and reads the comment
 *   again, twice; when its row (or any row it saw) is missing or older, it writes again after a
 *   jittered pause, so that colliding jobs spread out;
 * - adopts only comments that the token's own account wrote: a table planted in someone else's
 *   comment is never read, nor edited;
 * - agrees with the others on which comment is the one: the oldest of the account's comments
 *   with the shared marker or an older version's per-project marker. Others of them (older
 *   versions' comments, or a second comment two jobs created at once) are folded into it, their
 *   rows kept, then deleted.
 */
import type { GitHubApi, GitHubComment, GitHubIdentity } from '../github/api.js'
import type { Clock } from '../util/clock.js'
import { redact } from '../util/secrets.js'
import {
  compareOrder,
  isPreviewComment,
  renderTable,
  rowsOf,
  type PreviewRow
} from './preview-table.js'
import { input } from '../util/input-names.js'

/** How long a job waits after its write before reading the comment again. */
const SETTLE_MS = 1_000
/** The first pause before writing again; it doubles, up to the cap, with jitter. */
const RETRY_BASE_MS = 1_000
const RETRY_CAP_MS = 16_000
/** Reads after a write that must find every row before the job leaves the comment. */
const CONFIRMATIONS = 2
/** Writes a job makes before it gives up on keeping its row (it warns then). */
const MAX_ROUNDS = 10

export interface PreviewCommentOptions {
  api: GitHubApi
  issue: number
  clock: Clock
  /** In [0, 1): the jitter. */
  random: () => number
  warn: (message: string) => void
}

/** What a read found: the comment that is the one, the others to fold in, and every row. */
interface View {
  comment: GitHubComment | undefined
  extras: GitHubComment[]
  /** The rows of `comment`. */
  rows: Map<string, PreviewRow>
}

export class PreviewComment {
  /** The account the token acts as; `null` until asked. */
  private me: GitHubIdentity | undefined | null = null
  /** A comment this run posted: its own even when GitHub would not say whose token this is. */
  private readonly posted = new Set<number>()
  /** Every row seen, the newest of each project. */
  private readonly known = new Map<string, PreviewRow>()

  constructor(private readonly options: PreviewCommentOptions) {}

  /**
   * Sets `project`'s row to what `next` makes of its current one (`undefined`: none yet), and
   * keeps it there against the other jobs' writes. `next` returning `undefined` changes nothing.
   */
  async put(
    project: string,
    next: (current: PreviewRow | undefined) => PreviewRow | undefined
  ): Promise<void> {
    const { clock, random } = this.options
    let view = await this.read()
    const made = next(this.known.get(project))
    if (!made) return
    // The row quotes log lines and Cloudflare's messages, and its data is encoded: no
    // credential may reach it.
    const row = redactRow(made)
    const newer = this.known.get(project)
    // A newer run of this project wrote its row: this older one has nothing to add.
    if (newer && compareOrder(newer.order, row.order) > 0) return
    this.known.set(project, row)
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (round > 0) {
        // Another job's write replaced ours: pause, jittered so that colliding jobs spread out.
        const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (round - 1))
        await clock.sleep(ceiling / 2 + random() * (ceiling / 2))
        view = await this.read()
        if (this.overtaken(project, row)) return
      }
      // A job that repaired the comment meanwhile may have written what this one would.
      if (round === 0 || !this.holdsAll(view)) await this.write(view)
      // A write resting on a read older than ours can land a moment after ours: the comment
      // must hold every row in two reads, a settle apart, before the job leaves it.
      let held = true
      for (let check = 0; check < CONFIRMATIONS && held; check++) {
        await clock.sleep(SETTLE_MS / 2 + random() * SETTLE_MS)
        view = await this.read()
        if (this.overtaken(project, row)) return
        held = this.holdsAll(view)
      }
      if (held) return this.fold(view)
    }
    this.options.warn(
      `The pull request comment: this job's row for project ${project} was replaced by other jobs' writes ${MAX_ROUNDS} times, so it may be missing from the comment until the next run.`
    )
  }

  /** Whether a newer row of `project` (a newer run's) has taken the place of `row`. */
  private overtaken(project: string, row: PreviewRow): boolean {
    const known = this.known.get(project)
    return known !== undefined && compareOrder(known.order, row.order) > 0
  }

  /** Whether the comment holds every row seen, each as new as the one seen. */
  private holdsAll(view: View): boolean {
    if (!view.comment) return false
    for (const row of this.known.values()) {
      const there = view.rows.get(row.project)
      if (!there || compareOrder(there.order, row.order) < 0) return false
    }
    return true
  }

  /** Writes the table of every row seen into the comment, or posts it when there is none. */
  private async write(view: View): Promise<void> {
    const { api, issue } = this.options
    const body = redact(renderTable(this.known.values()))
    if (!view.comment) {
      this.posted.add((await api.createIssueComment(issue, body)).id)
    } else if (view.comment.body !== body) {
      await api.updateIssueComment(view.comment.id, body)
    }
  }

  /**
   * The comment holds every row of the others: delete them, so that the pull request shows one.
   * A refusal leaves them, with a warning; the table is right either way.
   */
  private async fold(view: View): Promise<void> {
    for (const extra of view.extras) {
      try {
        await this.options.api.deleteIssueComment(extra.id)
      } catch (error) {
        if (!(error as { status?: number }).status) throw error
        this.options.warn(
          `The pull request comment: an older pages-pilot comment (${extra.id}) is folded into the shared one but could not be deleted: ${(error as Error).message.split('\n')[0] ?? ''}`
        )
        return
      }
    }
  }

  /** Reads the pull request's comments: ours, the one among them, and every row they hold. */
  private async read(): Promise<View> {
    const { api, issue } = this.options
    const me = await this.identity()
    const ours = (await api.listIssueComments(issue))
      .filter(
        (c) =>
          (this.posted.has(c.id) || (me !== undefined && c.authorId === me.id)) &&
          isPreviewComment(c.body)
      )
      .sort((a, b) => a.id - b.id)
    const [comment, ...extras] = ours
    const rows = new Map<string, PreviewRow>()
    for (const row of comment ? rowsOf(comment.body ?? '', comment.updatedAt) : []) {
      rows.set(row.project, newest(rows.get(row.project), row))
    }
    for (const row of rows.values()) this.remember(row)
    for (const extra of extras) {
      for (const row of rowsOf(extra.body ?? '', extra.updatedAt)) this.remember(row)
    }
    return { comment, extras, rows }
  }

  private remember(row: PreviewRow): void {
    this.known.set(row.project, newest(this.known.get(row.project), row))
  }

  /** Who the token is, asked once; `undefined` when GitHub would not say (then a warning). */
  private async identity(): Promise<GitHubIdentity | undefined> {
    if (this.me !== null) return this.me
    this.me = await this.options.api.viewer()
    if (this.me === undefined) {
      this.options.warn(
        `GitHub did not say which account ${input('github-token')} is, so pages-pilot cannot tell its own pull-request comment from one planted by someone else: it posts a comment of its own instead of editing the shared one.`
      )
    }
    return this.me
  }
}

function redactRow(row: PreviewRow): PreviewRow {
  const clean = (text: string | undefined) => (text === undefined ? undefined : redact(text))
  return {
    ...row,
    preview: clean(row.preview),
    deploymentUrl: clean(row.deploymentUrl),
    check: row.check && {
      ...row.check,
      path: redact(row.check.path),
      detail: clean(row.check.detail)
    },
    failure: row.failure && { stage: redact(row.failure.stage), line: clean(row.failure.line) },
    runUrl: clean(row.runUrl)
  }
}

function newest(a: PreviewRow | undefined, b: PreviewRow): PreviewRow {
  return a !== undefined && compareOrder(a.order, b.order) >= 0 ? a : b
}
