/**
 * Turns what the action writes for the GitHub UI into plain terminal text: workflow commands
 * in stdout (groups, annotations, masks) and the HTML job summary. Used by the demo.
 */

/** How a URL is shown: as it is, or where a browser reaches it (the demo's emulator). */
export type LinkMapper = (url: string) => string

const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:)\]]/g

/** `text` with each URL in it as `link` shows it. */
export function mapLinks(text: string, link: LinkMapper): string {
  return text.replace(URL_IN_TEXT, (url) => link(url))
}

export interface LogRendererOptions {
  /** Lines of a group shown before it is folded. */
  groupPreview?: number
  link?: LinkMapper
}

/** Renders stdout lines as the GitHub log shows them, with groups shown collapsed. */
export class LogRenderer {
  private pending = ''
  private group: { title: string; lines: string[] } | undefined
  private readonly write: (line: string) => void
  private readonly groupPreview: number

  constructor(write: (line: string) => void, options: LogRendererOptions = {}) {
    const link = options.link
    this.write = link ? (line) => write(mapLinks(line, link)) : write
    this.groupPreview = options.groupPreview ?? 4
  }

  push(chunk: string): void {
    this.pending += chunk
    const lines = this.pending.split('\n')
    this.pending = lines.pop() ?? ''
    for (const line of lines) this.line(line)
  }

  flush(): void {
    if (this.pending) this.line(this.pending)
    this.pending = ''
  }

  private line(raw: string): void {
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(raw)
    if (!command) {
      if (this.group) this.group.lines.push(raw)
      else this.write(`  ${raw}`)
      return
    }
    const [, name, , message = ''] = command
    switch (name) {
      case 'group':
        this.group = { title: message, lines: [] }
        break
      case 'endgroup':
        this.closeGroup()
        break
      case 'error':
        this.annotation('✖ annotation (error)', message)
        break
      case 'warning':
        this.annotation('⚠ annotation (warning)', message)
        break
      default:
        // add-mask, debug, set-output and the like are invisible in the GitHub UI.
        break
    }
  }

  /** An annotation as GitHub shows it: its first line after the label, the others under it. */
  private annotation(label: string, message: string): void {
    const [first = '', ...rest] = unescape(message).split('\n')
    this.write(`  ${label}: ${first}`)
    for (const line of rest) this.write(`      ${line}`)
  }

  private closeGroup(): void {
    if (!this.group) return
    const { title, lines } = this.group
    this.write(`  ▸ ${title} (collapsed group)`)
    for (const line of lines.slice(0, this.groupPreview)) this.write(`  │ ${line}`)
    if (lines.length > this.groupPreview)
      this.write(`  │ … ${lines.length - this.groupPreview} more lines`)
    this.group = undefined
  }
}

/**
 * Renders the job summary HTML as text: headings, table rows, paragraphs, and links as their
 * text and URL. A Mermaid diagram is left out: its text version is beside it (the stages table,
 * the build-time line), and a heading left with nothing under it goes too.
 */
export function summaryToText(html: string, link: LinkMapper = (url) => url): string {
  const text = decode(
    html
      .replace(/^```mermaid\n[\s\S]*?^```$/gm, '')
      .replace(/<a href="([^"]*)">(.*?)<\/a>/g, (_, href: string, label: string) =>
        decode(label) === decode(href) ? href : `${label} (${href})`
      )
      .replace(
        /<h(\d)>(.*?)<\/h\d>/g,
        (_, level: string, text: string) => `\n${'#'.repeat(Number(level))} ${text}\n`
      )
      .replace(/<tr>(.*?)<\/tr>/g, (_, row: string) => {
        const cells = [...row.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map((m) => m[1] ?? '')
        return `  ${cells.join('  |  ')}\n`
      })
      .replace(/<summary>(.*?)<\/summary>/g, '\n▸ $1\n')
      .replace(/<\/p>|<br\s*\/?>/g, '\n')
      .replace(/<[^>]+>/g, '')
  )
  const lines = mapLinks(text, link)
    .split('\n')
    .map((line) => line.trimEnd())
  return lines
    .filter((line, i) => !isHeading(line) || !isHeading(nextText(lines, i) ?? '# (end)'))
    .filter((line, i, all) => line !== '' || (all[i - 1] ?? '') !== '')
    .join('\n')
    .trim()
}

function isHeading(line: string): boolean {
  return /^#+ /.test(line)
}

/** The first non-empty line after line `i`. */
function nextText(lines: string[], i: number): string | undefined {
  return lines.slice(i + 1).find((line) => line !== '')
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

function unescape(message: string): string {
  return message.replace(/%0A/g, '\n').replace(/%0D/g, '').replace(/%25/g, '%')
}
