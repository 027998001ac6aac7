/**
 * Stands in for undici in the bundle (scripts/build.mjs maps `undici` here). @actions/http-client
 * imports undici for one thing, `getAgentDispatcher()`: a proxy for fetch-based clients.
 * pages-pilot never uses it: every request goes through http-client's own `request()` (Node's
 * http and https, proxies through tunnel), and Octokit gets pages-pilot's fetch
 * (src/github/fetch.ts). Bundling undici would add 400 kB to every start for code that never runs.
 * @actions/github still builds a dispatcher when it loads behind a proxy, so the class
 * constructs; dispatching through it says what happened instead of failing somewhere deep.
 */
export class ProxyAgent {
    options;
    constructor(options) {
        this.options = options;
    }
    dispatch() {
        throw new Error('pages-pilot sends its requests through @actions/http-client and does not bundle undici: a request went through an undici dispatcher instead.');
    }
}
