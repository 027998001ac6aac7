// The floor for `operation: status`, a peer for bench/startup.ts: the least any Node program can
// do for the same job, in as few lines as it takes. It loads `https` (the real API is HTTPS
// only, so every real run loads it), sends the two requests pages-pilot's `status` sends, writes
// four outputs, a summary line and a console line. No input checks, no retries, no deadline, no
// redaction, no @actions/core: what pages-pilot adds on top of it is what the bench compares.
//
// Node's modules come through require, as ncc's bundle loads them: on Node 24 an ES import of
// node:http reads its whole export list, which loads Node's internal undici (some 50 ms).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const http = require('node:http')
require('node:https')
const { appendFileSync } = require('node:fs')

const base = process.env.CLOUDFLARE_API_BASE_URL
const project = `/accounts/${process.env['INPUT_ACCOUNT-ID']}/pages/projects/${process.env['INPUT_PROJECT-NAME']}`
const headers = { authorization: `Bearer ${process.env['INPUT_API-TOKEN']}` }

function get(path) {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers }, (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () => resolve(JSON.parse(body).result))
      })
      .on('error', reject)
  })
}

const { name } = await get(project)
const [deployment] = await get(`${project}/deployments?per_page=1`)
const outputs = {
  project: name,
  'deployment-id': deployment.id,
  url: deployment.url,
  status: deployment.latest_stage.status
}
appendFileSync(
  process.env.GITHUB_OUTPUT,
  Object.entries(outputs)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('')
)
appendFileSync(process.env.GITHUB_STEP_SUMMARY, `| Deployment | ${deployment.id} |\n`)
console.log(`Deployment ${deployment.id}: ${deployment.url}`)
