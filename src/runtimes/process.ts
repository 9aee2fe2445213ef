/**
 * process: a `node` child process per instance, started with execa, running the bootstrap
 * (child.ts: start = spawn → ready; the first response is timed by the scheduler).
 * execa's own set-up is on the cold start's critical path: about 1 ms more than a bare
 * child_process.spawn here (2.1 vs 1.15 ms median, n=25; 25.0 vs 23.9 ms to the first output), so
 * its options are the lean ones (no encoding or line handling, no buffering). `npm run bench`
 * reports the harness against a raw spawn (`overhead process`).
 */
import { execa } from 'execa'
import { startBootstrapChild } from './child.js'
import { BOOTSTRAP_PATH, WORKLOAD_ENV, workloadNodeFlags } from './node-env.js'
import type { RuntimeOptions } from './options.js'
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
        return { available: true, info: { version: `node ${node}`, details: { nodePath: options.nodePath, node: node ?? '', v8: v8 ?? '' } } }
      } catch (error) {
        return { available: false, reason: `cannot run ${options.nodePath}`, fix: 'pass --node PATH to a working node binary' }
      }
    },
    start(workload: Workload, ctx: RunContext): Promise<Instance> {
      return startBootstrapChild({ file: options.nodePath, args: [...workloadNodeFlags(ctx.limits.memoryMb), BOOTSTRAP_PATH, workload.path] }, ctx)
    },
  }
}
