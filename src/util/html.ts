/**
 * A small builder for the HTML that GitHub renders in job summaries and comments: headings,
 * tables, lists, details. It writes what `core.summary` writes, without tying the rendering
 * to the Actions runtime, so the command line can write the same summary to a file.
 */

/** A table cell: text, or a header cell. */
export type Cell = string | { data: string; header: true }

export class Html {
  private text = ''

  heading(content: string, level: 1 | 2 | 3 | 4): this {
    return this.line(`<h${level}>${content}</h${level}>`)
  }

  table(rows: Cell[][]): this {
    const body = rows
      .map((row) => {
        const cells = row
          .map((cell) => (typeof cell === 'string' ? `<td>${cell}</td>` : `<th>${cell.data}</th>`))
          .join('')
        return `<tr>${cells}</tr>`
      })
      .join('')
    return this.line(`<table>${body}</table>`)
  }

  list(items: string[]): this {
    return this.line(`<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`)
  }

  details(label: string, content: string): this {
    return this.line(`<details><summary>${label}</summary>${content}</details>`)
  }

  /** Raw HTML or Markdown, ending its line. */
  line(content: string): this {
    this.text += `${content}\n`
    return this
  }

  toString(): string {
    return this.text
  }
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/**
 * Escapes text that is not ours for HTML content, where GitHub renders it (job summaries):
 * a line break could end the HTML block and let the rest render as Markdown (CommonMark ends a
 * line at CR as well as LF), so breaks become `<br>`; an `@` mention is broken with a
 * zero-width space.
 */
export function escapeText(text: string): string {
  return escapeHtml(text)
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/@/g, '@&#8203;')
}
