/**
 * Stands in for tunnel in the bundle (scripts/build.mjs maps `tunnel` here). @actions/http-client
 * imports tunnel at start for one case: a request through an HTTP proxy (`https_proxy`,
 * `http_proxy`). Loading it then costs every start Node's `assert` too (about 4 ms on Node 24);
 * most runs have no proxy. So the real tunnel ships beside the bundle, unchanged, as
 * `tunnel.cjs`, and is loaded the first time http-client asks for a proxy agent.
 */
import { createRequire } from 'node:module'
import type { Agent } from 'node:http'

type AgentFactory = (options: unknown) => Agent

interface Tunnel {
  httpOverHttp: AgentFactory
  httpsOverHttp: AgentFactory
  httpOverHttps: AgentFactory
  httpsOverHttps: AgentFactory
}

let tunnel: Tunnel | undefined

function real(): Tunnel {
  tunnel ??= createRequire(import.meta.url)('./tunnel.cjs') as Tunnel
  return tunnel
}

export const httpOverHttp: AgentFactory = (options) => real().httpOverHttp(options)
export const httpsOverHttp: AgentFactory = (options) => real().httpsOverHttp(options)
export const httpOverHttps: AgentFactory = (options) => real().httpOverHttps(options)
export const httpsOverHttps: AgentFactory = (options) => real().httpsOverHttps(options)
