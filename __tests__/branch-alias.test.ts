/**
 * The branch alias computed before the build, on the cases users reported from real Pages
 * projects (see src/domain/branch-alias.ts for the sources), and the emulator's own model of
 * Cloudflare's rule on the same cases.
 */
import { describe, expect, it } from '@jest/globals'
import { branchSlug } from '../emulator/branch-alias.js'
import { aliasLabelIn, branchAliasLabel, predictAlias } from '../src/domain/branch-alias.js'

/** Branch → alias label. The first five are aliases users saw Cloudflare give. */
const CASES: Array<[string, string, string]> = [
  [
    'dependabot/npm_and_yarn/dustjs-linkedin-3.0.0',
    'dependabot-npm-and-yarn-dust',
    'thread 477633'
  ],
  ['download-api-add-filter-information', 'download-api-add-filter-info', 'owid-grapher#4308'],
  ['janpio-driver/adapters-tracing-and-metrics', 'janpio-driver-adapters-traci', 'prisma/web#6080'],
  ['staging', 'staging', 'docs'],
  ['fix/api', 'fix-api', 'docs'],
  // The staff answer's own examples.
  ['Test-ABC', 'test-abc', 'lowercased'],
  ['Test:abc', 'test-abc', 'one dash per character'],
  ['-test-abc-', 'test-abc', 'trimmed'],
  ['abcdef123456abcdef123456abcdef123456', 'abcdef123456abcdef123456abcd', 'cut to 28'],
  // Runs of other characters are not joined: each becomes its own dash.
  ['feature//x__y', 'feature--x--y', 'runs kept'],
  // Beyond ASCII: one dash per UTF-16 unit, as the staff's JavaScript does it.
  ['Fëature/Ünïcode', 'f-ature--n-code', 'accents'],
  ['feat/🚀-launch', 'feat----launch', 'an emoji is two units'],
  // A dash the cut leaves at the end stays (trimmed before the cut, as the staff's code does).
  ['abcdefghijklmnopqrstuvwxyz0-tail', 'abcdefghijklmnopqrstuvwxyz0-', 'cut after trim']
]

describe('the branch alias', () => {
  it.each(CASES)('%s → %s (%s)', (branch, label) => {
    expect(branchAliasLabel(branch)).toBe(label)
    expect(branchSlug(branch)).toBe(label)
  })

  it('is unknown when nothing is left: Cloudflare names it branch-<10 random characters>', () => {
    for (const branch of ['___', '-::::-', '🚀', 'ü']) {
      expect(branchAliasLabel(branch)).toBeUndefined()
      expect(
        predictAlias(branch, { subdomain: 'site.pages.dev', production_branch: 'main' })
      ).toEqual({ kind: 'random' })
      expect(branchSlug(branch)).toMatch(/^branch-[a-z0-9]{10}$/)
    }
    expect(branchSlug('___')).not.toBe(branchSlug('___'))
  })

  it("is the project's own address for the production branch, else <label>.<subdomain>", () => {
    const project = { subdomain: 'site-3xq.pages.dev', production_branch: 'main' }
    expect(predictAlias('main', project)).toEqual({
      kind: 'production',
      url: 'https://site-3xq.pages.dev'
    })
    expect(predictAlias('Fix/API', project)).toEqual({
      kind: 'preview',
      url: 'https://fix-api.site-3xq.pages.dev',
      label: 'fix-api'
    })
  })

  it("reads the label of Cloudflare's alias, also under the emulator's path", () => {
    expect(aliasLabelIn('https://fix-api.site.pages.dev', 'site.pages.dev')).toBe('fix-api')
    expect(aliasLabelIn('https://fix-api.site.pages.dev/', 'site.pages.dev')).toBe('fix-api')
    expect(
      aliasLabelIn('http://127.0.0.1:8787/__sites/fix-api.site.pages.dev', 'site.pages.dev')
    ).toBe('fix-api')
    expect(aliasLabelIn('https://fix-api.other.pages.dev', 'site.pages.dev')).toBeUndefined()
    expect(aliasLabelIn('https://a.fix-api.site.pages.dev.evil', 'site.pages.dev')).toBeUndefined()
  })
})
