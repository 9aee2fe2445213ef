import { describe, expect, it } from 'vitest'
import { RUNTIMES } from '../../src/runtimes/index.js'
import { testContext } from '../helpers.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(RUNTIMES['isolate:snapshot'])

describe('isolate:snapshot', () => {
  it('a workload whose top level never ends fails at prepare (the trial run has the timeout createSnapshot lacks)', async () => {
    const runtime = RUNTIMES['isolate:snapshot']({ nodePath: process.execPath })
    const workload = { name: 'loop', path: '/inline/loop.js', source: 'for (;;) {}\nexport default () => 1' }
    await expect(runtime.prepareWorkload!(testContext({ timeoutMs: 200 }), workload)).rejects.toThrow(/workload failed to load: .*timed out/)
  })
})
