/**
 * A child starts inside its limits: node sizes its V8 heap (the young generation beside the
 * --max-old-space-size cap) by the memory it starts under, so a child moved into its cgroup after
 * it started ran with a heap sized for the whole host (176 MiB of heap limit here, against 131 MiB
 * in a container with the same cap), which made allocation-heavy code 1.3x faster in the process
 * row than in docker. Real children: the heap limit their engine computed at start-up.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { childCgroupsUnavailable } from '../../src/host/cgroup-limits.js'
import { enterFirst } from '../../src/host/child.js'
import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { createProcessRuntime } from '../../src/runtimes/process.js'
import type { Runtime } from '../../src/runtimes/types.js'
import { needLimits, REQUIRE_DOCKER, testContext, workloadAt } from '../helpers.js'

const workload = workloadAt('test/fixtures/workloads/heap-limit.js')
const ctx = testContext()
const heapLimit = async (runtime: Runtime): Promise<number> => {
  await runtime.prepare?.(ctx)
  const instance = await runtime.start(workload, ctx)
  try {
    return ((await instance.invoke(null)) as { heapSizeLimit: number }).heapSizeLimit
  } finally {
    await instance.stop()
  }
}

describe('a child starts inside its cgroup', () => {
  const docker = createDockerRuntime({ nodePath: process.execPath })
  let dockerUsed = false
  afterAll(async () => {
    if (dockerUsed) await docker.cleanup?.(ctx.runId) // no engine (a cgroup v2 guest): nothing to clean
  })

  it('the process row\'s node computes the heap of its limit, not of the host: the same as in a container', async (context) => {
    needLimits(await childCgroupsUnavailable(), () => context.skip())
    const processLimit = await heapLimit(createProcessRuntime({ nodePath: process.execPath }))
    // Reference: V8's young generation for a 24 GiB host is 3 × 16 MiB semi-spaces; under 192 MiB about 3 MiB.
    expect(processLimit).toBeLessThan((ctx.limits.memoryMb + 16) * 1048576)
    const probe = await docker.probe()
    if (!probe.available && !REQUIRE_DOCKER) return
    dockerUsed = true
    expect(await heapLimit(docker)).toBe(processLimit)
  }, 120_000)
})

describe('the command that enters its cgroup first (pure)', () => {
  const cgroup = { dirs: ['/sys/fs/cgroup/pids/g', '/sys/fs/cgroup/memory/g'] }
  it('runs a shell that writes its pid to every cgroup.procs, then execs the command; with a user, setpriv drops to it after', () => {
    expect(enterFirst({ file: '/usr/bin/node', args: ['a.mjs'], user: undefined }, cgroup, '/usr/bin/setpriv')).toEqual({
      file: expect.stringMatching(/^\/bin\/(dash|sh)$/), args: ['-c', expect.stringContaining('echo $$ > "$f"'), 'isobench-enter', '/sys/fs/cgroup/pids/g/cgroup.procs:/sys/fs/cgroup/memory/g/cgroup.procs', '/usr/bin/node', 'a.mjs'], user: undefined, entersBefore: true,
    })
    const asNobody = enterFirst({ file: '/usr/bin/node', args: [], user: { uid: 65534, gid: 65534 } }, cgroup, '/usr/bin/setpriv')
    expect(asNobody.args.slice(4)).toEqual(['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--', '/usr/bin/node'])
    expect(asNobody.user).toBeUndefined()
  })

  it('is the command unchanged without a cgroup, or without setpriv for a user (then the child is moved in after it started)', () => {
    const command = { file: '/usr/bin/node', args: ['a.mjs'], user: { uid: 65534, gid: 65534 } }
    expect(enterFirst(command, undefined, '/usr/bin/setpriv')).toEqual({ ...command, entersBefore: false })
    expect(enterFirst(command, cgroup, '')).toEqual({ ...command, entersBefore: false }) // '': no setpriv here
  })
})
