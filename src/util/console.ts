/**
 * Where a run tells its story: the Actions log (with annotations and groups), a terminal, or a
 * test's transcript. The core never prints by itself; each entry point supplies one of these.
 */
export interface Console {
  info(line: string): void
  /** Something the user should look at; the run goes on. */
  warning(message: string): void
  /** An error the run explains, such as a failed build's log line, under `title`. */
  error(message: string, title?: string): void
  /** A fact worth noticing that is not a problem, such as a branch the run chose. */
  notice(message: string): void
  /** Details for whoever debugs a run; hidden by default. */
  debug(message: string): void
  /** Opens a collapsible block that {@link endGroup} closes. */
  startGroup(title: string): void
  endGroup(): void
}

/** A console that prints nothing: for benches and library use. */
export const silentConsole: Console = {
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  notice: () => undefined,
  debug: () => undefined,
  startGroup: () => undefined,
  endGroup: () => undefined
}
