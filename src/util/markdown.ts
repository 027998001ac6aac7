/**
 * Markdown for text that is not ours (branch names, log lines, Cloudflare's messages), in the
 * pull-request comment GitHub renders under the action's name: it must read as text, never as
 * markup. A build could otherwise close a code fence with three backticks, end a code span
 * with one, or post headings, links, images and `@org/team` mentions.
 */

/** Longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let longest = 0
  let run = 0
  for (const c of text) {
    run = c === char ? run + 1 : 0
    longest = Math.max(longest, run)
  }
  return longest
}

/** One line, as a code span no backtick in it can end; line breaks become spaces. */
export function codeSpan(text: string): string {
  const line = text.replace(/\r\n|\r|\n/g, ' ')
  const ticks = '`'.repeat(longestRun(line, '`') + 1)
  // A span that starts or ends with a backtick needs a space between it and the fence.
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${line}${pad}${ticks}`
}

/** Lines as a fenced code block whose fence is longer than any backtick run in them. */
export function fencedBlock(lines: readonly string[], info = 'text'): string[] {
  const body = lines.flatMap((line) => line.split(/\r\n|\r|\n/))
  const fence = '`'.repeat(Math.max(3, longestRun(body.join('\n'), '`') + 1))
  return [`${fence}${info}`, ...body, fence]
}

/**
 * A line of prose that is shown as it is written: every Markdown punctuation mark escaped,
 * `@` mentions and bare links broken with a zero-width space, line breaks made spaces.
 */
export function plainText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+\-.!|~"']/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, '@\u200b')
    .replace(/:\/\//g, ':\u200b//')
    .replace(/\bwww\\\./gi, (m) => `${m.slice(0, 3)}\u200b${m.slice(3)}`)
}
