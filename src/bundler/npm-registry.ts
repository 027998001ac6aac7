const DEFAULT_REGISTRY = 'https://registry.npmjs.org'

/** The npm registry tools are downloaded from: npm's own setting, as npm reads it. */
export function npmRegistry(env: NodeJS.ProcessEnv): string {
  return env.npm_config_registry || env.NPM_CONFIG_REGISTRY || DEFAULT_REGISTRY
}
