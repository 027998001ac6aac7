/**
 * Turns the bytes of a wrangler configuration file into a plain object, with the parsers wrangler
 * itself uses (smol-toml for TOML, jsonc-parser for JSON), so that a file wrangler reads is read
 * the same here. Syntax errors become a {@link ConfigError} with the line and column.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser'
import { parse as parseToml, TomlError } from 'smol-toml'
import { ConfigError, type ConfigPosition } from './config-error.js'

export type ConfigFormat = 'toml' | 'json'

/** Byte order marks of encodings other than UTF-8, which neither parser can read. */
const FOREIGN_BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  // The four-byte marks first: UTF-32 LE starts with the UTF-16 LE mark.
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'UTF-32 BE' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'UTF-32 LE' },
  { bytes: [0xfe, 0xff], encoding: 'UTF-16 BE' },
  { bytes: [0xff, 0xfe], encoding: 'UTF-16 LE' }
]

/** Plain-language meaning of jsonc-parser's error codes, for the error message. */
const JSON_ERROR_TEXT: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the file should end after the top-level object',
  InvalidCommentToken: 'malformed comment',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'malformed \\u escape',
  InvalidEscapeCharacter: 'unknown escape sequence',
  InvalidCharacter: 'a control character inside a string'
}

/**
 * Decodes the file as UTF-8, dropping a UTF-8 byte order mark as wrangler does. Other encodings
 * are refused rather than read as garbage.
 */
export function decodeConfigBytes(bytes: Uint8Array, file: string): string {
  for (const bom of FOREIGN_BOMS) {
    if (bom.bytes.every((byte, i) => bytes[i] === byte)) {
      throw new ConfigError(
        file,
        [`the file is encoded as ${bom.encoding}. Save it as UTF-8 (without a byte order mark).`],
        { line: 1, column: 1 }
      )
    }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ConfigError(file, [
      'the file is not valid UTF-8. Save it as UTF-8 (without a byte order mark).'
    ])
  }
  // TextDecoder already drops a leading BOM unless told otherwise; this keeps that explicit.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Parses `text`; the result is the file's top-level table. */
export function parseConfigText(
  text: string,
  format: ConfigFormat,
  file: string
): Record<string, unknown> {
  return format === 'toml' ? parseTomlText(text, file) : parseJsonText(text, file)
}

function parseTomlText(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text)
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    // smol-toml appends a code excerpt after the first line; the position says the same.
    const reason = error.message.split('\n', 1)[0] ?? error.message
    throw syntaxError(file, { line: error.line, column: error.column }, reason, 'TOML')
  }
}

function parseJsonText(text: string, file: string): Record<string, unknown> {
  const errors: ParseError[] = []
  // Comments and trailing commas are accepted in both .json and .jsonc, as wrangler does.
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true })
  const first = errors[0]
  if (first !== undefined) {
    const code = printParseErrorCode(first.error)
    const reason = `${JSON_ERROR_TEXT[code] ?? 'invalid JSON'} (${code})`
    throw syntaxError(file, positionOf(text, first.offset), reason, 'JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(file, [
      `the file holds ${Array.isArray(value) ? 'an array' : `${JSON.stringify(value)}`} instead of an object. A wrangler configuration is one JSON object, e.g. { "name": "my-project", "pages_build_output_dir": "./dist" }.`
    ])
  }
  return value as Record<string, unknown>
}

function syntaxError(
  file: string,
  position: ConfigPosition,
  reason: string,
  language: string
): ConfigError {
  return new ConfigError(
    file,
    [
      `line ${position.line}, column ${position.column}: ${reason}. Fix the ${language} syntax there.`
    ],
    position
  )
}

/** 1-based line and column of a character offset. */
function positionOf(text: string, offset: number): ConfigPosition {
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  return { line: before.split('\n').length, column: offset - lineStart + 1 }
}
