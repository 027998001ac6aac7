import { fetchAndSaveLog, printLog, tail } from '../domain/build-log.js'
import { finalOutcome } from '../domain/deployment.js'
import { describeDeployment, track, type OperationContext } from './context.js'
import { latestDeployment } from './status.js'

/** `operation: logs`: prints the build log of a deployment and saves it to `logs-file`. */
export async function logs(context: OperationContext): Promise<void> {
  const { settings, client, report } = context
  const deployment = settings.deploymentId
    ? await client.getDeployment(settings.projectName, settings.deploymentId)
    : await latestDeployment(context)
  track(report, deployment)
  describeDeployment(deployment)
  const log = await fetchAndSaveLog(client, deployment)
  report.logsFile = log.file
  if (finalOutcome(deployment) === 'failure') report.logTail = tail(log.lines)
  printLog(deployment, log.lines)
}
