/**
 * Stands in for @actions/exec in the bundle (scripts/build.mjs maps `@actions/exec` here).
 * @actions/core imports it for one function, `platform.getDetails()`, which runs `lsb_release`
 * or `sw_vers` to describe the runner's OS; pages-pilot never calls it. The real package
 * brings @actions/io and Node's child_process to every start (about 5 ms on Node 24) for code
 * that never runs. Running a program through it says what happened instead of failing deep.
 */
function refuse(commandLine: string): never {
  throw new Error(
    `pages-pilot does not bundle @actions/exec, so '${commandLine}' was not run: something called @actions/core's platform.getDetails(), which pages-pilot never uses.`
  )
}

export async function exec(commandLine: string): Promise<number> {
  return refuse(commandLine)
}

export async function getExecOutput(commandLine: string): Promise<never> {
  return refuse(commandLine)
}
