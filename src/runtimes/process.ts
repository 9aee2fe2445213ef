/**
 * process: a `node` child process per instance, started with execa in a cgroup of its own, running
 * the bootstrap (child.ts: start = spawn → ready; the first response is timed by the scheduler).
 */
import { execa } from 'execa'
import { childCgroupsUnavailable } from './cgroup.js'
import { startBootstrapChild } from './child.js'
import { workloadEnv, workloadNodeFlags } from './hardening.js'
import { BOOTSTRAP_PATH, WORKLOAD_ENV } from './node-env.js'
import type { RuntimeOptions } from './options.js'
import { runMarker } from '../measure/proc.js'
import type { Instance, Runtime, RunContext, Workload } from './types.js'

/** Reads `node --version` of a binary, with the same clean environment the workloads get. */
export async function nodeVersionOf(nodePath: string): Promise<string> {
  const { stdout } = await execa(nodePath, ['-p', 'process.version + " " + process.versions.v8'], {
    env: WORKLOAD_ENV,
    extendEnv: false,
    timeout: 10_000,
  })
  return stdout.trim()
}

export function createProcessRuntime(options: RuntimeOptions): Runtime {
  return {
    name: 'process',
    description: 'a node child process per instance (execa), bootstrap over stdio',
    async probe() {
      try {
        const [node, v8] = (await nodeVersionOf(options.nodePath)).split(' ')
        const noCgroup = await childCgroupsUnavailable()
        const cgroup = noCgroup ? `none: ${noCgroup}` : 'pids+memory (v1)'
        return { available: true, info: { version: `node ${node}`, details: { nodePath: options.nodePath, node: node ?? '', v8: v8 ?? '', cgroup } } }
      } catch (error) {
        return { available: false, reason: `cannot run ${options.nodePath}`, fix: 'pass --node PATH to a working node binary' }
      }
    },
    start(workload: Workload, ctx: RunContext): Promise<Instance> {
      // The run id rides along in argv (the bootstrap ignores it) so `isobench clean` can find the
      // children of a run that was killed with SIGKILL: nothing else can end a child stuck in a loop.
      return startBootstrapChild({
        file: options.nodePath,
        args: [...workloadNodeFlags(ctx.limits), BOOTSTRAP_PATH, workload.path, runMarker(ctx.runId)],
        env: workloadEnv(ctx.limits),
      }, ctx)
    },
  }
}
