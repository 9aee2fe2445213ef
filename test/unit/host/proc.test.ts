import { describe, expect, it } from 'vitest'
import { readThreadCpuNs, schedstatNs, threadCpuDeltaMs } from '../../../src/host/proc.js'

describe('schedstatNs', () => {
  it('reads the first field, the ns the thread ran', () => {
    // Reference: /proc/<pid>/task/<tid>/schedstat of a workerd thread on Linux 6.1 (ns on CPU, ns waiting, timeslices).
    expect(schedstatNs('93551539 800231 287\n')).toBe(93551539)
  })

  it('is undefined for text that is not a schedstat line', () => {
    expect(schedstatNs('')).toBeUndefined()
    expect(schedstatNs('n/a 0 0')).toBeUndefined()
  })
})

describe('threadCpuDeltaMs', () => {
  it('sums the growth of each thread, in ms', () => {
    expect(threadCpuDeltaMs(new Map([[1, 1_000_000], [2, 500_000]]), new Map([[1, 3_000_000], [2, 1_500_000]]))).toBe(3)
  })

  it('counts a thread born in between whole and loses one that ended, never going negative', () => {
    const before = new Map([[1, 1_000_000], [2, 9_000_000]])
    const after = new Map([[1, 2_000_000], [3, 500_000]])
    expect(threadCpuDeltaMs(before, after)).toBe(1.5)
  })
})

describe('readThreadCpuNs', () => {
  it('reads every thread of a live process and nothing of one that is gone', () => {
    const threads = readThreadCpuNs(process.pid)
    expect(threads?.has(process.pid)).toBe(true)
    for (const ns of threads?.values() ?? []) expect(ns).toBeGreaterThanOrEqual(0)
    expect(readThreadCpuNs(2 ** 22 + 1)).toBeUndefined() // above Linux's pid_max ceiling: never a live pid
  })
})
