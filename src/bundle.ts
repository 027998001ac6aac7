/**
 * What the two entry points load once their signal handlers are in place. The action
 * (`dist/index.js`) and the command (`dist/cli/index.js`) are built as one bundle from this
 * module, so the code they share ships once, in chunks that each loads when it needs them.
 */
export const loadAction = (): Promise<typeof import('./action/main.js')> =>
  import('./action/main.js')

export const loadCli = (): Promise<typeof import('./cli/main.js')> => import('./cli/main.js')
