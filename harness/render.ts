/**
 * Turns what the action writes for the GitHub UI into plain terminal text: workflow commands
 * in stdout (groups, annotations, masks) and the HTML job summary. Used by the demo.
 */

/** Renders stdout lines as the GitHub log shows them, with groups shown collapsed. */
export class LogRenderer {
  private pending = ''
  private group: { title: string; lines: string[] } | undefined

  constructor(
    private readonly write: (line: string) => void,
    /** Lines of a group shown before it is folded. */
    private readonly groupPreview = 4
  ) {}

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
        this.write(`  ✖ annotation (error): ${unescape(message)}`)
        break
      case 'warning':
        this.write(`  ⚠ annotation (warning): ${unescape(message)}`)
        break
      default:
        // add-mask, debug, set-output and the like are invisible in the GitHub UI.
        break
    }
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

/** Renders the job summary HTML as indented text: headings, table rows, paragraphs. */
export function summaryToText(html: string): string {
  return decode(
    html
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
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line, i, all) => line !== '' || (all[i - 1] ?? '') !== '')
    .join('\n')
    .trim()
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
  return message.replace(/%0A/g, ' ').replace(/%0D/g, '').replace(/%25/g, '%')
}
