/**
 * A console that writes what the Actions runner would show: plain lines, and workflow commands
 * (`::warning::`, `::error title=…::`, `::group::`, `::add-mask::`) escaped as @actions/core
 * escapes them, so in-process tests assert on the same text as end-to-end ones.
 */
import type { Console } from '../../src/util/console.js'

const escapeData = (text: string): string =>
  text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (text: string): string =>
  escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')

export class Transcript implements Console {
  private text = ''

  info(line: string): void {
    this.text += `${line}\n`
  }
  warning(message: string): void {
    this.command('warning', message)
  }
  error(message: string, title?: string): void {
    this.command('error', message, title === undefined ? '' : ` title=${escapeProperty(title)}`)
  }
  notice(message: string): void {
    this.command('notice', message)
  }
  debug(message: string): void {
    this.command('debug', message)
  }
  startGroup(title: string): void {
    this.command('group', title)
  }
  endGroup(): void {
    this.command('endgroup', '')
  }
  mask(secret: string): void {
    this.command('add-mask', secret)
  }

  toString(): string {
    return this.text
  }

  private command(name: string, message: string, properties = ''): void {
    this.text += `::${name}${properties}::${escapeData(message)}\n`
  }
}
