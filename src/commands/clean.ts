/**
 * `isobench clean`: removes what a killed run (SIGKILL, a crash) left behind: containers labelled
 * isobench, child processes carrying a run's marker, their cgroups and the shared budget groups
 * (after the containers in them); with `--run <id>`, only that
 * run's, and then also what each registered runtime's cleanup(runId) removes (temp dirs).
 */
import { findRunProcesses, sigkill } from '../host/proc.js'
import { removeRunCgroups } from '../host/cgroup-limits.js'
import { removeRunBudgets } from '../host/cgroup-budget.js'
import { connectDocker } from '../runtimes/docker/connect.js'
import { probeDocker, removeLabelledContainers } from '../runtimes/docker/daemon.js'
import { RUNTIMES, RUNTIME_NAMES } from '../runtimes/index.js'
import { removeLabelledImages } from '../runtimes/docker/layer.js'

export interface CleanOptions {
  nodePath: string
  /** Only this run's leftovers (`isobench=<runId>`); every run's when absent. */
  runId?: string
  /** The Docker engine (--docker-host). */
  dockerHost?: string
}

export async function cleanCommand(options: CleanOptions): Promise<number> {
  const which = options.runId ? `of run ${options.runId}` : 'of isobench runs'
  const pids = await findRunProcesses(options.runId)
  for (const pid of pids) sigkill(pid)
  process.stdout.write(`killed ${pids.length} process(es) ${which}\n`)
  const groups = await removeRunCgroups(options.runId)
  if (groups > 0) process.stdout.write(`removed ${groups} cgroup(s) ${which}\n`)
  const { docker, endpoint } = connectDocker(options.dockerHost)
  const probe = await probeDocker(docker, endpoint, { nodePath: options.nodePath, image: 'any' })
  if (!probe.available) {
    process.stdout.write(`no containers to remove: ${probe.reason}\n`)
    await reportBudgets(options.runId, which)
    return 0
  }
  const removed = await removeLabelledContainers(docker, options.runId)
  process.stdout.write(`removed ${removed} container(s) ${which}\n`)
  const images = await removeLabelledImages(docker, options.runId)
  if (images > 0) process.stdout.write(`removed ${images} workload image(s) ${which}\n`)
  await reportBudgets(options.runId, which)
  // What else each runtime makes for a run (temp dirs): its own cleanup knows.
  const { runId } = options
  if (runId) await Promise.all(RUNTIME_NAMES.map((name) => RUNTIMES[name]({ nodePath: options.nodePath }).cleanup?.(runId).catch(() => {})))
  return 0
}

/** Removes the budget groups (noisy-neighbour) once nothing is in them; says how many when any. */
async function reportBudgets(runId: string | undefined, which: string): Promise<void> {
  const budgets = await removeRunBudgets(runId)
  if (budgets > 0) process.stdout.write(`removed ${budgets} budget cgroup(s) ${which}\n`)
}
