/**
 * deno: one instance is a `deno run` child process with NO permission granted (Deno's sandbox, the
 * model of Deno Deploy) and no remote or npm import (`--no-remote --no-npm`: Deno's default
 * import allowlist would fetch from esm.sh, jsr.io, deno.land), as nobody when the harness is
 * root, running a small Deno bootstrap (bootstrap.mjs) that speaks the node bootstrap's transport
 * over stdio (../bootstrap/channel.ts). The workload source is sent in the first stdin line and
 * imported as a data: URL, so not even read access to its file is granted. The clock starts before the spawn and stops when the bootstrap imported the workload
 * (spawn → ready: ../bootstrap/child.ts); the first response is timed by the caller.
 * Memory = RSS/PSS of the deno process, heap from Deno.memoryUsage().
 * Deno keeps a code cache in DENO_DIR: one private directory per run, owned by the user deno runs
 * as (warm after the first start, as a deployed platform's cache is; warm-up runs absorb the
 * first), removed by cleanup(runId).
 */
import { fileURLToPath } from 'node:url'
import { ownedRunDir, removeOwnedRunDirs } from '../../host/user.js'
import { runtimeThreadsHeadroom } from '../../host/child.js'
import { runMarker } from '../../host/proc.js'
import { startBootstrapChild } from '../bootstrap/child.js'
import { childCgroupLimits, childUser, workloadEnv } from '../hardening.js'
import { binaryLocator, probeBinary, type BinarySpec } from '../../host/locate.js'
import type { RuntimeOptions } from '../types.js'
import type { Instance, Runtime, RunContext, Workload } from '../types.js'

/** Where the deno binary comes from. */
export const DENO_BINARY: BinarySpec = {
  wrapper: 'deno',
  platformPackages: {
    'linux-x64': '@deno/linux-x64-glibc',
    'linux-arm64': '@deno/linux-arm64-glibc',
    'darwin-x64': '@deno/darwin-x64',
    'darwin-arm64': '@deno/darwin-arm64',
  },
  binaryInPackage: 'deno',
  command: 'deno',
  installHint: 'npm install deno',
}

/** Absolute path of the Deno bootstrap. */
export const DENO_BOOTSTRAP_PATH = fileURLToPath(new URL('./bootstrap.mjs', import.meta.url))

/** `deno run` flags: no permission, no prompt, no remote or npm import, no config or lock file lookup, V8 heap cap. */
export function denoRunArgs(memoryMb: number, runId: string): string[] {
  // The run's marker rides along as a script argument (the bootstrap ignores it) so `isobench clean` finds the child.
  return ['run', '--no-prompt', '--no-remote', '--no-npm', '--no-config', '--no-lock', '--quiet', `--v8-flags=--max-old-space-size=${memoryMb}`, DENO_BOOTSTRAP_PATH, runMarker(runId)]
}

export function createDenoRuntime(_options: RuntimeOptions): Runtime {
  const binary = binaryLocator(DENO_BINARY)
  return {
    name: 'deno',
    description: 'a `deno run` process per instance with no permission granted (Deno\'s sandbox), bootstrap over stdio',
    channel: { detail: 'answers on stdout with a nonce (Deno grants no other fd), the workload\'s console and Deno.stdout sent to stderr; with no permission it cannot read the nonce back', shares: 'shares the stream' },
    probe: () =>
      probeBinary(DENO_BINARY, binary(), (found, output) => {
        const version = /deno (\S+)/.exec(output)?.[1] ?? output.split('\n')[0]!
        const v8 = /v8 (\S+)/.exec(output)?.[1] ?? ''
        return { version: `deno ${version}`, details: { deno: version, denoV8: v8, denoPath: found.path, denoSource: found.source, denoPermissions: 'none' } }
      }),
    childLimits: (limits) => childCgroupLimits(limits, runtimeThreadsHeadroom()),
    async prepare(ctx: RunContext) {
      binary()
      ownedRunDir(ctx.runId, 'deno', childUser(ctx.limits))
    },
    start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const found = binary()
      if (!found) return Promise.reject(new Error('deno is not installed (npm install deno)'))
      return startBootstrapChild({
        file: found.path,
        args: denoRunArgs(ctx.limits.memoryMb, ctx.runId),
        channel: 'stdout',
        clock: { kind: 'wall', source: 'performance.timeOrigin + performance.now() in the bootstrap (Deno\'s process.hrtime counts from its own start)' },
        source: workload.source,
        dirName: 'deno',
        env: { ...workloadEnv(ctx.limits), DENO_DIR: ownedRunDir(ctx.runId, 'deno', childUser(ctx.limits)), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
        pidsHeadroom: runtimeThreadsHeadroom(),
      }, ctx)
    },
    /** Removes the run's DENO_DIR, also one a killed harness of that run left (`isobench clean --run`). */
    async cleanup(runId: string) {
      await removeOwnedRunDirs(runId)
    },
  }
}
