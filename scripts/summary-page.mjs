// The page scripts/render-summary.mjs shoots: a job summary as GitHub-flavoured Markdown
// (marked), styled with github-markdown-css, with a script that has mermaid (from node_modules,
// by file URL) draw the ```mermaid blocks.
//
// GitHub draws each diagram in a frame of its own, not in a code block. Drawn inside the
// stylesheet's <pre>, a diagram gained 16 px of padding above and below, and, as an inline SVG
// on a line of text, the line's descent under it: blank space that GitHub does not show.
// So a diagram here is a <div> and its SVG a block.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Marked } from 'marked'

const require = createRequire(import.meta.url)

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** The summary's body as GitHub renders it, each ```mermaid block a `<div class="mermaid">`. */
export function bodyOf(summary) {
  const marked = new Marked({
    gfm: true,
    renderer: {
      code({ text, lang }) {
        return lang === 'mermaid' ? `<div class="mermaid">${escapeHtml(text)}</div>\n` : false
      }
    }
  })
  return marked.parse(summary)
}

/** The page: the summary's body, and a script that draws the diagrams. */
export function pageOf(summary, width) {
  const css = pathToFileURL(require.resolve('github-markdown-css/github-markdown-light.css')).href
  const mermaid = pathToFileURL(require.resolve('mermaid/dist/mermaid.min.js')).href
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Job summary</title>
<link rel="stylesheet" href="${css}">
<style>
  html, body { margin: 0; background: #fff; }
  .markdown-body { box-sizing: border-box; width: ${width}px; padding: 24px 32px; }
  .markdown-body div.mermaid { margin: 0 0 16px; }
  .markdown-body div.mermaid svg { display: block; margin: 0 auto; }
</style></head>
<body><article class="markdown-body">
${bodyOf(summary)}
</article>
<script src="${mermaid}"></script>
<script>
  const finish = (state) => {
    document.body.dataset.mermaid = state
    document.body.dataset.height = String(Math.ceil(document.documentElement.scrollHeight))
  }
  mermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict' })
  mermaid
    .run({ querySelector: 'div.mermaid' })
    .then(() => finish('done'), (error) => finish('error: ' + (error && error.message)))
</script>
</body></html>
`
}
