/**
 * The error for a wrangler configuration file that pages-pilot will not deploy with. Wrangler
 * only logs some of these problems and carries on without the file; pages-pilot stops instead,
 * because a deployment without the file's bindings would look successful and then fail at
 * run time.
 */

/** Where a parser located a syntax error, 1-based, as editors count. */
export interface ConfigPosition {
  line: number
  column: number
}

export class ConfigError extends Error {
  /**
   * @param file the path of the configuration file, as shown to the user
   * @param problems every problem found, each naming its key and the fix
   * @param position where the parser stopped, for syntax errors
   */
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    readonly position?: ConfigPosition
  ) {
    super(
      problems.length === 1
        ? `${file}: ${problems[0] ?? ''}`
        : `${file} has ${problems.length} problems:\n${problems.map((p) => `  - ${p.replaceAll('\n', '\n    ')}`).join('\n')}`
    )
    this.name = 'ConfigError'
  }
}
