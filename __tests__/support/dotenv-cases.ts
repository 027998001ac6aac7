/**
 * A dotenv text using every form `secrets` and `vars` accept, and the values it holds. The unit
 * test checks pages-pilot's parser against these values; the conformance test has wrangler
 * 4.86 (`pages secret bulk`, dotenv 16.3.1 inside) read the same text and send the same values.
 */
export const DOTENV_TEXT = [
  '# a comment line, then a blank one',
  '',
  'PLAIN=simple value',
  '  SPACED  =   padded   ',
  'export EXPORTED=yes',
  'WITH_COMMENT=kept # dropped',
  "SINGLE='no \\n escapes here'",
  'DOUBLE="line one\\nline two\\r"',
  'BACKTICK=`it\'s "quoted"`',
  'ESCAPED="say \\"hi\\""',
  'MULTI="first',
  '  second   ',
  'third"',
  'EMPTY=""',
  'HASH_QUOTED="a#b"',
  'URL=https://example.com/?a=1&b=2',
  'EQUALS=a=b=c',
  'TRAIL="x"   # c',
  "MULTI_SINGLE='a",
  "b'",
  'UNICODE=héllo wörld ✓',
  'CRLF=win\r'
].join('\n')

export const DOTENV_VALUES: Record<string, string> = {
  PLAIN: 'simple value',
  SPACED: 'padded',
  EXPORTED: 'yes',
  WITH_COMMENT: 'kept',
  SINGLE: 'no \\n escapes here',
  DOUBLE: 'line one\nline two\r',
  BACKTICK: 'it\'s "quoted"',
  // dotenv leaves the backslash before a quote in the value.
  ESCAPED: 'say \\"hi\\"',
  MULTI: 'first\n  second   \nthird',
  EMPTY: '',
  HASH_QUOTED: 'a#b',
  URL: 'https://example.com/?a=1&b=2',
  EQUALS: 'a=b=c',
  TRAIL: 'x',
  MULTI_SINGLE: 'a\nb',
  UNICODE: 'héllo wörld ✓',
  CRLF: 'win'
}
