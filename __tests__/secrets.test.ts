import { describe, expect, it } from '@jest/globals'
import { redact, redactLogLine, registerSecret } from '../src/util/secrets.js'

describe('redaction of what pages-pilot writes itself', () => {
  it('replaces registered secrets everywhere in a text', () => {
    registerSecret('s3cr3t-value-123')
    expect(redact('a s3cr3t-value-123 b s3cr3t-value-123')).toBe('a *** b ***')
  })

  it('masks credentials a build log echoes by accident, by their shape', () => {
    const cf = 'Xy7kQ2mN9pR4sT6vW8zA1bC3dE5fG7hJ9kL2mN4p'
    expect(redactLogLine(`CLOUDFLARE_API_TOKEN=${cf}`)).toBe('CLOUDFLARE_API_TOKEN=***')
    expect(redactLogLine(`using ${cf} now`)).toBe('using *** now')
    expect(redactLogLine('Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345')).toBe(
      'Authorization: Bearer ***'
    )
    expect(redactLogLine(`token ghp_${'a1B2'.repeat(9)}`)).toBe('token ***')
    expect(redactLogLine('export NPM_TOKEN="npm_abcdefgh12345678"')).toBe('export NPM_TOKEN="***"')
  })

  it('leaves commit SHAs, ids and ordinary build output alone', () => {
    const lines = [
      'HEAD is now at 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b Update header',
      'Deployment 3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c',
      'added 287 packages, and audited 288 packages in 7s',
      '✘ [ERROR] Could not resolve "./components/Header"'
    ]
    for (const line of lines) expect(redactLogLine(line)).toBe(line)
  })
})
