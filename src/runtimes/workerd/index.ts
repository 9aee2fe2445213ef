/**
 * workerd: Cloudflare's open-source Workers runtime (V8 isolates). One instance is a `workerd serve`
 * process serving the workload as a module worker on a loopback port (serve.ts), JSON over HTTP.
 * Its binary ships in `@cloudflare/workerd-linux-64` (the npm package `workerd`) and is run
 * directly, without npm's install script. The clock starts before the config is written and stops
 * when workerd listens (config → spawn → listen); the first response, the first POST answered, is
 * timed by the caller. Memory = RSS/PSS of the workerd process. The memory limit maps to V8's
 * --max-old-space-size (workerd has no per-worker limit outside Cloudflare's production) and, like
 * every child's, to a cgroup with the pids and memory limits; the timeout is enforced by the
 * harness on each request. The worker's outbound network allows no address (config.ts), like `--network none`.
 */
import { readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { binaryLocator, probeBinary, type BinarySpec } from '../../host/locate.js'
import { runtimeThreadsHeadroom } from '../../host/child.js'
import { childCgroupLimits } from '../hardening.js'
import type { Instance, Runtime, RunContext, RuntimeOptions, Workload } from '../types.js'
import { COMPATIBILITY_DATE } from './config.js'
import { startWorkerd, tempPrefix } from './serve.js'

/** Where the workerd binary comes from. */
export const WORKERD_BINARY: BinarySpec = {
  wrapper: 'workerd',
  platformPackages: {
    'linux-x64': '@cloudflare/workerd-linux-64',
    'linux-arm64': '@cloudflare/workerd-linux-arm64',
    'darwin-x64': '@cloudflare/workerd-darwin-64',
    'darwin-arm64': '@cloudflare/workerd-darwin-arm64',
  },
  binaryInPackage: 'bin/workerd',
  command: 'workerd',
  installHint: 'npm install workerd',
}

export function createWorkerdRuntime(_options: RuntimeOptions): Runtime {
  const binary = binaryLocator(WORKERD_BINARY)
  return {
    name: 'workerd',
    description: 'a `workerd serve` process per instance (Cloudflare Workers runtime, V8 isolates), the workload as a module worker, JSON over loopback HTTP',
    channel: { detail: 'workerd itself reports its port on the control fd and each answer is an HTTP response, so the workload\'s console is not the protocol' },
    probe: () =>
      probeBinary(WORKERD_BINARY, binary(), (found, output) => {
        const version = found.packageVersion ?? output.replace(/^workerd\s+/, '')
        return {
          version: `workerd ${version}`,
          details: { workerd: version, workerdBuild: output, workerdPath: found.path, workerdSource: found.source, compatibilityDate: COMPATIBILITY_DATE, workerdNetwork: 'none (globalOutbound allows no address)' },
        }
      }),
    childLimits: (limits) => childCgroupLimits(limits, runtimeThreadsHeadroom()),
    async prepare() {
      binary()
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const found = binary()
      if (!found) throw new Error('workerd is not installed (npm install workerd)')
      return startWorkerd(found, workload, ctx)
    },
    /** Removes temp dirs a killed instance of this run left (stop removes its own). */
    async cleanup(runId: string) {
      const prefix = tempPrefix(runId)
      const names = await readdir(tmpdir()).catch(() => [] as string[])
      await Promise.all(names.filter((name) => name.startsWith(prefix)).map((name) => rm(join(tmpdir(), name), { recursive: true, force: true })))
    },
  }
}
