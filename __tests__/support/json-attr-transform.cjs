// Jest transform for @actions/workflow-parser, whose ESM build imports its JSON schemas without
// an import attribute (`import Schema from "../workflow-v1.0.min.json"`). Node asks for
// `with { type: 'json' }` there, so this adds it to every bare JSON default import.
// Jest loads transformers as CommonJS.
/* eslint-disable @typescript-eslint/no-require-imports */
const { createHash } = require('node:crypto')
const { readFileSync } = require('node:fs')
/* eslint-enable @typescript-eslint/no-require-imports */

const SELF = readFileSync(__filename, 'utf8')
const BARE_JSON_IMPORT = /(import\s+\w+\s+from\s+(['"])[^'"]+\.json\2)(\s*;)/g

module.exports = {
  process(source) {
    return { code: source.replace(BARE_JSON_IMPORT, "$1 with { type: 'json' }$3") }
  },
  getCacheKey(source, path) {
    return createHash('sha1').update(SELF).update(path).update(source).digest('hex')
  }
}
