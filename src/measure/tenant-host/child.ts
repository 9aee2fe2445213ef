/**
 * A tenant host: one node process that holds the instances of an in-process runtime (isolate, vm,
 * worker, wasm) for the harness, as a multi-tenant isolate platform holds its tenants in one
 * process. noisy-neighbour puts it in the shared budget (index.ts), so that a victim and its
 * neighbours share a bounded host without bounding the harness: a neighbour that takes the host's
 * memory kills the host, and every tenant with it, not the run. The instances are the runtime's own
 * adapter (runtimes/), started and called here exactly as the harness would.
 * Run as: node --no-node-snapshot child.js isobench-run=<id>, with an IPC channel (protocol.ts).
 */
import { errorLine } from '../../errors.js'
import { RUNTIMES, type RuntimeName } from '../../runtimes/index.js'
import type { Instance, RunContext, Runtime } from '../../runtimes/types.js'
import { monotonicNow } from '../clock.js'
import type { HostReply, HostRequest } from './protocol.js'

let runtime: Runtime | undefined
let base: Omit<RunContext, 'limits'> | undefined
const instances = new Map<number, Instance>()
let serial = 0

function instanceOf(n: number): Instance {
  const instance = instances.get(n)
  if (!instance) throw new Error(`no instance ${n} in the tenant host`)
  return instance
}

async function perform(request: HostRequest): Promise<Omit<HostReply, 'id' | 'ok'>> {
  switch (request.op) {
    case 'init': {
      const factory = RUNTIMES[request.runtime as RuntimeName]
      if (!factory) throw new Error(`the tenant host knows no runtime ${request.runtime}`)
      runtime = factory(request.options)
      base = { now: monotonicNow, runId: request.runId, log: () => {} }
      await runtime.prepare?.({ ...base, limits: request.limits })
      return {}
    }
    case 'start': {
      if (!runtime || !base) throw new Error('the tenant host was not initialised')
      const instance = await runtime.start(request.workload, { ...base, limits: request.limits })
      instances.set(++serial, instance)
      return { instance: serial, startPhases: instance.startPhases, repeats: instance.repeats }
    }
    case 'invoke': {
      const instance = instanceOf(request.instance)
      const output = await instance.invoke(request.input, request.options)
      return { output, sandboxTimes: instance.sandboxTimes?.() }
    }
    case 'memory':
      return { memory: await instanceOf(request.instance).memory() }
    case 'stop': {
      const instance = instances.get(request.instance)
      instances.delete(request.instance)
      await instance?.stop()
      return {}
    }
  }
}

process.on('message', (message: HostRequest) => {
  void perform(message).then(
    (reply) => process.send?.({ id: message.id, ok: true, ...reply } satisfies HostReply),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: errorLine(error) } satisfies HostReply),
  )
})
// The harness gone (its channel closed): nothing here outlives it.
process.on('disconnect', () => process.exit(0))
