// Generated from action.yml by scripts/cli-flags.mjs (npm run build runs it); do not edit.

/** One input of the action: a flag of the command line. */
export interface ActionInput {
  name: string
  description: string
  default?: string
  /** true/false: the flag alone means true. */
  boolean: boolean
}

export const ACTION_INPUTS: readonly ActionInput[] = [
  {
    "name": "operation",
    "description": "What to do: deploy (trigger, wait, health check, rollback on failure), trigger, wait, rollback, logs, status, retry, cleanup, teardown-preview, project, secrets or domains.",
    "default": "deploy",
    "boolean": false
  },
  {
    "name": "api-token",
    "description": "Cloudflare API token with the \"Account › Cloudflare Pages › Edit\" permission. Falls back to the CLOUDFLARE_API_TOKEN environment variable.",
    "boolean": false
  },
  {
    "name": "account-id",
    "description": "Cloudflare account id (32 hexadecimal characters). Falls back to the CLOUDFLARE_ACCOUNT_ID environment variable.",
    "boolean": false
  },
  {
    "name": "project-name",
    "description": "Name of the Pages project, as in <project-name>.pages.dev. Defaults to the name in wrangler.toml (or wrangler.json, wrangler.jsonc) of working-directory when that file has pages_build_output_dir.",
    "boolean": false
  },
  {
    "name": "deployment-id",
    "description": "Full id of a deployment. Used by wait, rollback (the target), logs, status and retry (required).",
    "boolean": false
  },
  {
    "name": "branch",
    "description": "Branch to deploy (deploy, trigger). Defaults to the pull request head branch (a merged pull request's base) or the pushed branch, else the project production branch. On an event that carries a pull request, a branch equal to the production branch becomes pr-<number>: pull requests deploy previews only. cleanup: only this branch's deployments. teardown-preview: the branch whose previews to delete (default: the pull request head branch).",
    "boolean": false
  },
  {
    "name": "directory",
    "description": "deploy, trigger: a built folder to upload with Direct Upload (no wrangler needed), relative to working-directory. Only files Cloudflare does not have yet are sent. A functions/ folder in working-directory is compiled into the Worker, and a _worker.js in the folder is the Worker (advanced mode). Defaults to pages_build_output_dir of a wrangler configuration, for Direct Upload projects. Without either, Cloudflare builds the branch from Git.",
    "boolean": false
  },
  {
    "name": "working-directory",
    "description": "The project folder, for monorepos: directory, functions/ and wrangler.toml (or wrangler.json, wrangler.jsonc) are found relative to it. Relative to the workspace.",
    "default": ".",
    "boolean": false
  },
  {
    "name": "bundle",
    "description": "deploy, trigger with a Worker: bundle _worker.js (resolve its imports) as wrangler does; false sends it as it is, like wrangler's --no-bundle. Defaults to the wrangler configuration's no_bundle, else true. Functions are always bundled.",
    "boolean": true
  },
  {
    "name": "create-project",
    "description": "deploy, trigger with directory: create the project, as a Direct Upload project, when it does not exist yet, so that a new site needs no visit to the dashboard. A project created meanwhile by a parallel job is used as it is.",
    "default": "false",
    "boolean": true
  },
  {
    "name": "production-branch",
    "description": "With create-project: the production branch of the project it creates (default: the repository's default branch, else main). With operation project: changes an existing project's production branch, with a notice of the old and new one.",
    "boolean": false
  },
  {
    "name": "commit-message",
    "description": "deploy, trigger with directory: the commit message recorded on the deployment. Defaults to the head commit message of the push (or of a workflow_run), or the pull request title.",
    "boolean": false
  },
  {
    "name": "commit-dirty",
    "description": "deploy, trigger with directory: mark the deployment as built from uncommitted changes.",
    "default": "false",
    "boolean": true
  },
  {
    "name": "commit-hash",
    "description": "wait: the commit whose Git-integration build to look for. deploy/trigger with directory: the commit recorded on the deployment. Defaults to the pull request head SHA, else GITHUB_SHA.",
    "boolean": false
  },
  {
    "name": "wait-timeout",
    "description": "How long to wait for a deployment to finish before failing the step, e.g. 20m, 90s, 1500ms or plain seconds.",
    "default": "20m",
    "boolean": false
  },
  {
    "name": "poll-interval",
    "description": "First interval between status checks. Polling slows down (up to 20s) while nothing changes and speeds up again at each stage change.",
    "default": "2s",
    "boolean": false
  },
  {
    "name": "rollback-on-failure",
    "description": "Roll production back to the deployment that was live before when a new production deployment fails its health check.",
    "default": "false",
    "boolean": true
  },
  {
    "name": "health-check-path",
    "description": "Path to GET on the new deployment URL after it succeeds (e.g. /healthz); a non-2xx answer fails the step. Empty skips the check.",
    "boolean": false
  },
  {
    "name": "health-check-timeout",
    "description": "How long the health check retries while the deployment propagates.",
    "default": "60s",
    "boolean": false
  },
  {
    "name": "smoke-checks",
    "description": "Checks run on the new deployment URL after it succeeds, one a line: PATH [STATUS] [contains \"TEXT\"] [-> LOCATION] [under DURATION]. The status defaults to any 2xx (any 3xx with ->); retried while the deployment propagates, within health-check-timeout. A failure fails the step (and rolls production back with rollback-on-failure). Takes the place of health-check-path.",
    "boolean": false
  },
  {
    "name": "smoke-headers",
    "description": "Headers sent with every smoke check (and the health check), one \"Name: value\" a line, such as a Cloudflare Access service token (CF-Access-Client-Id, CF-Access-Client-Secret). Every value is masked, and headers go only to the deployment's own hosts.",
    "boolean": false
  },
  {
    "name": "verify-before-production",
    "description": "On a production deploy of a folder, deploy the same files and Worker first as a preview of branch pages-pilot-verify, run the smoke checks (or the health check) on that preview, and only when they pass create the production deployment from the files already uploaded; a failure leaves production untouched.",
    "default": "false",
    "boolean": true
  },
  {
    "name": "wait-for-checks",
    "description": "With verify-before-production, also wait before going to production until every other check run and commit status of the commit is green (this workflow run's own jobs and pages-pilot's own status excluded); a red one, or wait-timeout, fails the step. Needs github-token with checks: read and statuses: read.",
    "default": "false",
    "boolean": true
  },
  {
    "name": "request-timeout",
    "description": "Longest silence allowed in a single request (Cloudflare API, health check, GitHub): while a body is sent, none of it moving; once sent, no answer. A large upload on a slow link takes as long as it needs. Cloudflare requests are retried, a GitHub request that times out turns the GitHub features off for the run.",
    "default": "30s",
    "boolean": false
  },
  {
    "name": "fail-on-error",
    "description": "Fail the step when the operation fails. With false, the failure is reported in outputs (status, error) and the summary only.",
    "default": "true",
    "boolean": true
  },
  {
    "name": "job-summary",
    "description": "Write the job summary. false writes none (for jobs with many steps); the outputs are the same.",
    "default": "true",
    "boolean": true
  },
  {
    "name": "keep-latest",
    "description": "cleanup: keep the newest this many deployments of each environment (1 to 1000).",
    "default": "10",
    "boolean": false
  },
  {
    "name": "older-than",
    "description": "cleanup: delete only deployments created longer ago than this, e.g. 7d or 12h. Empty: any age beyond keep-latest.",
    "boolean": false
  },
  {
    "name": "environment",
    "description": "cleanup: which deployments to clean up: preview (the default), production or all. secrets: the environment whose variables to set, production or preview (required).",
    "boolean": false
  },
  {
    "name": "secrets",
    "description": "secrets: encrypted variables to set, as NAME=value lines (dotenv: quoted values, a value in quotes may span lines, # comments), one line per GitHub secret. Masked at once; never printed, summarised or written to an output (the summary names them).",
    "boolean": false
  },
  {
    "name": "vars",
    "description": "secrets: plain-text variables to set, as NAME=value lines like secrets. A variable that already has the value is left alone.",
    "boolean": false
  },
  {
    "name": "delete-secrets",
    "description": "secrets: names of variables (secret or plain text) to delete, separated by lines, commas or spaces.",
    "boolean": false
  },
  {
    "name": "max-deletions",
    "description": "cleanup, teardown-preview: delete at most this many deployments per run, oldest first (1 to 10000).",
    "default": "100",
    "boolean": false
  },
  {
    "name": "dry-run",
    "description": "cleanup, teardown-preview: print and summarise what would be deleted and kept, and delete nothing. secrets: list the changes and make none. project: say how production-branch would change, and change nothing.",
    "default": "false",
    "boolean": true
  },
  {
    "name": "force",
    "description": "cleanup, teardown-preview: delete a preview that its branch alias points at with ?force=true (default false for cleanup, true for teardown-preview). deploy, retry and wait with rollback-on-failure: roll back even when another deployment went live meanwhile.",
    "boolean": true
  },
  {
    "name": "fail-on-inactive-domain",
    "description": "domains: fail the step when a custom domain is not active.",
    "default": "false",
    "boolean": true
  },
  {
    "name": "deploy-hook-url",
    "description": "trigger: a Cloudflare Pages deploy hook URL (https://api.cloudflare.com/client/v4/pages/webhooks/deploy_hooks/...) to POST instead of using the API; api-token and account-id are then optional. Masked like a secret.",
    "boolean": false
  },
  {
    "name": "api-rate-limit",
    "description": "This job's share of the account's API rate limit (1200 requests per 5 minutes per token, shared by all jobs and the dashboard), as requests/window. Past half of it, polling spreads out; at the share, requests wait instead of risking a 429.",
    "default": "300/5m",
    "boolean": false
  },
  {
    "name": "github-token",
    "description": "Token for the GitHub features below; used only when one of them is on.",
    "boolean": false
  },
  {
    "name": "github-deployment",
    "description": "Create a GitHub Deployment whose statuses follow the Cloudflare deployment (needs deployments: write).",
    "default": "false",
    "boolean": true
  },
  {
    "name": "github-environment",
    "description": "GitHub environment name for github-deployment. Default \"<project> (Production)\" or \"<project> (Preview)\".",
    "boolean": false
  },
  {
    "name": "comment-on-pr",
    "description": "On pull requests, keep one comment per pull request with a row per project (status, preview URL, commit, build time, health check), each job editing its own row from Building to Ready or Failed; teardown-preview marks the row Removed (needs pull-requests: write).",
    "default": "false",
    "boolean": true
  },
  {
    "name": "pull-request-number",
    "description": "The pull request to comment on (comment-on-pr) when the event names none, as in the workflow_run that deploys a fork's pull request; also its number for the pr-<number> rule. Default: the event's pull request.",
    "boolean": false
  },
  {
    "name": "commit-status",
    "description": "Set the commit status pages-pilot/<project> on the head commit: pending while building, then success or failure, for branch protection (needs statuses: write).",
    "default": "false",
    "boolean": true
  },
  {
    "name": "api-key",
    "description": "Deprecated: legacy Global API Key, used with api-email when no api-token is given (falls back to CLOUDFLARE_API_KEY). Prefer api-token.",
    "boolean": false
  },
  {
    "name": "api-email",
    "description": "Deprecated: e-mail address of the account that owns api-key (falls back to CLOUDFLARE_EMAIL).",
    "boolean": false
  }
]

export const ACTION_OUTPUTS: readonly string[] = [
  "deployment-id",
  "short-id",
  "url",
  "alias-url",
  "environment",
  "status",
  "stage",
  "branch",
  "commit-hash",
  "previous-deployment-id",
  "rolled-back",
  "rollback-deployment-id",
  "health-check",
  "smoke-results",
  "verified-deployment-id",
  "logs-file",
  "files-found",
  "files-uploaded",
  "files-skipped",
  "bytes-uploaded",
  "duration-seconds",
  "error",
  "deleted-count",
  "kept-count",
  "deleted-ids",
  "production-branch",
  "subdomain",
  "project-created",
  "domains",
  "canonical-deployment-id",
  "latest-deployment-id",
  "source",
  "variables-changed",
  "domains-status",
  "inactive-domains"
]
