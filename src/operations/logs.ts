import { fetchAndSaveLog, printLog, tail } from '../domain/build-log.js'
import { finalOutcome } from '../domain/deployment.js'
import { describeDeployment, track, type OperationContext } from './context.js'
import type { LogsTask } from './settings.js'
import { latestDeployment } from './status.js'

/** `operation: logs`: prints the build log of a deployment and saves it to `logs-file`. */
export async function logs(context: OperationContext<LogsTask>): Promise<void> {
  const { task, projectName, client, report, console } = context
  const deployment = task.deploymentId
    ? await client.getDeployment(projectName, task.deploymentId)
    : await latestDeployment(context)
  track(report, deployment)
  describeDeployment(console, deployment)
  const log = await fetchAndSaveLog(client, deployment, context.tempDir)
  report.logsFile = log.file
  if (finalOutcome(deployment) === 'failure') report.logTail = tail(log.lines)
  printLog(console, deployment, log.lines)
}
