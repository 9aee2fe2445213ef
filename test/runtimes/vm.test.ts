import { describe, expect, it } from 'vitest'
import { coldStartOnce } from '../../src/measure/cold-start.js'
import { RUNTIMES } from '../../src/runtimes/index.js'
import type { Workload } from '../../src/runtimes/types.js'
import { testContext } from '../helpers.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(RUNTIMES.vm)

const inline = (source: string): Workload => ({ name: 'inline', path: '/inline/workload.js', source })

describe('vm', () => {
  const vm = RUNTIMES.vm({ nodePath: process.execPath })

  it('says it is not a security boundary', async () => {
    const probe = await vm.probe()
    expect(probe.available && probe.info.note).toMatch(/not a security boundary/)
    expect(vm.description).toMatch(/NOT a security boundary/)
  })

  it('stops a handler that loops at the timeout', async () => {
    const sample = await coldStartOnce(vm, inline('export default function handler() { for (;;) {} }'), null, testContext({ timeoutMs: 200 }))
    expect(sample.ok).toBe(false)
    expect(sample.error).toMatch(/timed out/)
  })

  it('stops an async handler that loops after an await at the timeout too (its promise jobs run inside the context)', async () => {
    const sample = await coldStartOnce(vm, inline('export default async function handler() { await null; for (;;) {} }'), null, testContext({ timeoutMs: 200 }))
    expect(sample.ok).toBe(false)
    expect(sample.error).toMatch(/timed out/)
  })

  it('a promise that can never settle (no event loop in a context) is an error, not a hang', async () => {
    const sample = await coldStartOnce(vm, inline('export default function handler() { return new Promise(() => {}) }'), null, testContext())
    expect(sample.ok).toBe(false)
    expect(sample.error).toMatch(/never settled/)
  })

  it('hands the handler objects of its own realm (inputs cross as JSON)', async () => {
    const source = 'export default function handler(input) { return { own: Object.getPrototypeOf(input) === Object.prototype, n: input.n } }'
    const sample = await coldStartOnce(vm, inline(source), { n: 7 }, testContext())
    expect(sample.output).toEqual({ own: true, n: 7 })
  })

  it('refuses a module it cannot run as a script, saying why', async () => {
    const sample = await coldStartOnce(vm, inline('export const x = 1\nexport default () => x'), null, testContext())
    expect(sample.ok).toBe(false)
    expect(sample.error).toMatch(/^workload failed to load: .*exactly one top-level `export default`/)
  })
})
