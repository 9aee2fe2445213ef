/**
 * process: one instance is a `node` child process, started with execa in a cgroup of its own (as
 * nobody when the harness is root), running the node bootstrap, which answers on fd 3 (bootstrap/child.ts). The clock starts before the spawn and stops when
 * the bootstrap says it loaded the workload (spawn → ready); the first response is timed by the caller.
 */
import { nodeVersionOf } from '../host/node-version.js'
import { runMarker } from '../host/proc.js'
import { isAccessError, refusedToUser, removeOwnedRunDirs } from '../host/user.js'
import { NODE_BOOTSTRAP_CLOCK } from './bootstrap/channel.js'
import { startBootstrapChild } from './bootstrap/child.js'
import { BOOTSTRAP_PATH } from './bootstrap/paths.js'
import { childCgroupLimits, childUserOf, workloadEnv, workloadNodeFlags } from './hardening.js'
import type { Instance, Runtime, RunContext, RuntimeOptions, Workload } from './types.js'

export function createProcessRuntime(options: RuntimeOptions): Runtime {
  return {
    name: 'process',
    description: 'a node child process per instance (execa), bootstrap over stdin and fd 3',
    channel: { detail: 'answers on fd 3 with a nonce, so the workload\'s stdout and console are not the protocol; node:fs in the same process could still read the nonce from its memory', shares: 'shares the bootstrap\'s process' },
    async probe() {
      // Asked as the user the children run as: a node that nobody cannot reach is a skip with its fix, not a failure per sample.
      const user = childUserOf(options.relax)
      try {
        const [node, v8] = (await nodeVersionOf(options.nodePath, user)).split(' ')
        return { available: true, info: { version: `node ${node}`, details: { nodePath: options.nodePath, node: node ?? '', v8: v8 ?? '' } } }
      } catch (error) {
        if (user && isAccessError(error)) return { available: false, ...refusedToUser(user, options.nodePath) }
        return { available: false, reason: `cannot run ${options.nodePath}`, fix: 'pass --node PATH to a working node binary' }
      }
    },
    childLimits: (limits) => childCgroupLimits(limits),
    start(workload: Workload, ctx: RunContext): Promise<Instance> {
      // The run id rides along in argv (the bootstrap ignores it) so `isobench clean` can find the
      // children of a run that was killed with SIGKILL: nothing else can end a child stuck in a loop.
      return startBootstrapChild({
        file: options.nodePath,
        args: [...workloadNodeFlags(ctx.limits), BOOTSTRAP_PATH, workload.path, runMarker(ctx.runId)],
        env: workloadEnv(ctx.limits),
        channel: 'fd3',
        clock: NODE_BOOTSTRAP_CLOCK,
        source: workload.source,
        dirName: 'process',
      }, ctx)
    },
    async cleanup(runId: string) {
      await removeOwnedRunDirs(runId)
    },
  }
}
