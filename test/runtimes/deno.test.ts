import { describe, expect, it } from 'vitest'
import { coldStartOnce } from '../../src/measure/cold-start.js'
import { createDenoRuntime } from '../../src/runtimes/deno/index.js'
import { REQUIRE_PLATFORMS, testContext, workloadAt } from '../helpers.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createDenoRuntime, { isOptionalPlatform: true })

describe('deno sandbox', async () => {
  const runtime = createDenoRuntime({ nodePath: process.execPath })
  const probe = await runtime.probe()
  it.skipIf(!probe.available && !REQUIRE_PLATFORMS)('the workload runs with no permission: file, env, network and subprocess are refused', async () => {
    const ctx = testContext()
    await runtime.prepare?.(ctx)
    const sample = await coldStartOnce(runtime, workloadAt('test/fixtures/workloads/deno-permissions.js'), null, ctx)
    await runtime.cleanup?.(ctx.runId)
    expect(sample.error).toBeUndefined()
    expect(sample.output).toEqual({ read: 'NotCapable', write: 'NotCapable', env: 'NotCapable', net: 'NotCapable', run: 'NotCapable' })
  })
  it.skipIf(!probe.available && !REQUIRE_PLATFORMS)('import() of a remote, jsr: or npm: specifier is refused before any fetch (--no-remote, --no-npm)', async () => {
    const ctx = testContext()
    await runtime.prepare?.(ctx)
    const sample = await coldStartOnce(runtime, workloadAt('test/fixtures/workloads/deno-imports.js'), null, ctx)
    await runtime.cleanup?.(ctx.runId)
    expect(sample.error).toBeUndefined()
    expect(sample.output).toEqual({
      'https://esm.sh/isobench-egress-probe@0.0.0': 'A remote specifier was requested: "https://esm.sh/isobench-egress-probe@0.0.0", but --no-remote is specified.',
      'jsr:@std/path': expect.stringContaining('but --no-remote is specified'),
      'npm:left-pad': 'npm specifiers were requested; but --no-npm is specified',
    })
  })
})
