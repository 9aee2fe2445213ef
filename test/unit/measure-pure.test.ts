import { describe, expect, it } from 'vitest'
import { SCENARIO_SCHEMA } from '../../src/measure/kinds/index.js'
import { stepsUpTo } from '../../src/measure/kinds/density.js'
import { defaultMemoryBudgetMb } from '../../src/measure/host-memory.js'
import { countFor } from '../../src/measure/per-runtime.js'
import { blockedBy, judgeProbe, readyEarlyMs, type HostBait } from '../../src/measure/probe-verdict.js'
import { oomInBudget, stoppedBy } from '../../src/measure/stopped-by.js'
import { applyOverrides } from '../../src/commands/run.js'
import { parseIntegerList, parsePerRuntimeCount } from '../../src/options.js'
import { leastSquaresSlope } from '../../src/analysis/stats/regression.js'
import { parseScenario } from '../../src/scenarios/load.js'

describe('leastSquaresSlope', () => {
  it('fits a line', () => {
    // Reference: y = 2x + 1 exactly → slope 2.
    expect(leastSquaresSlope([[0, 1], [1, 3], [2, 5], [10, 21]])).toBe(2)
    // Reference: x̄ = 1, ȳ = 4/3; Σ(x−x̄)(y−ȳ) = (−1)(−4/3) + 0 + (1)(5/3) = 3; Σ(x−x̄)² = 2 → 1.5.
    expect(leastSquaresSlope([[0, 0], [1, 1], [2, 3]])).toBeCloseTo(1.5, 12)
  })

  it('is NaN without two distinct x', () => {
    expect(leastSquaresSlope([[1, 2]])).toBeNaN()
    expect(leastSquaresSlope([[1, 2], [1, 3]])).toBeNaN()
  })
})

describe('countFor: per-runtime counts reach runtimes added later', () => {
  const defaults = { isolate: 1000, docker: 50, '*': 20 }
  it.each([
    [undefined, 'isolate', 1000],
    [undefined, 'docker:crun', 50], // the family before ':'
    [undefined, 'workerd', 20], // '*'
    [7, 'docker', 7],
    [{ docker: 5 }, 'docker:runsc', 5],
    [{ 'docker:runsc': 3, docker: 5 }, 'docker:runsc', 3], // exact name first
    [{ process: 9 }, 'isolate', 1000], // falls back to the defaults
  ])('%j for %s → %d', (value, runtime, expected) => {
    expect(countFor(value, runtime, defaults)).toBe(expected)
  })
})

describe('stepsUpTo', () => {
  it('keeps the steps within the cap and ends at the cap when it falls between steps', () => {
    expect(stepsUpTo([1, 10, 100, 1000], 1000)).toEqual([1, 10, 100, 1000])
    expect(stepsUpTo([1, 10, 100, 1000], 50)).toEqual([1, 10, 50])
    expect(stepsUpTo([100, 1, 10, 10], 100)).toEqual([1, 10, 100])
    expect(stepsUpTo([5], 3)).toEqual([3])
  })

  it('budgets half of the available memory, at most 8 GiB and at least 64 MiB', () => {
    expect(defaultMemoryBudgetMb(4 * 1024 ** 3)).toBe(2048)
    expect(defaultMemoryBudgetMb(64 * 1024 ** 3)).toBe(8192)
    expect(defaultMemoryBudgetMb(10 * 1024 ** 2)).toBe(64)
  })
})

describe('stoppedBy names what ended a request', () => {
  it.each([
    ['Isolate was disposed during execution due to memory limit', 'isolate memoryLimit'],
    ['the isolate was disposed (memory limit exceeded?)', 'isolate memoryLimit'],
    ['Script execution timed out.', 'isolate timeout'],
    ['Script execution timed out after 1000ms', 'vm timeout (node:vm)'],
    ['Array buffer allocation failed', 'isolate memoryLimit (allocation refused)'],
    ['the instance closed its output: FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory | 1: 0x...', 'V8 heap cap (--max-old-space-size)'],
    ['no answer within 2000 ms (timeout)', 'request timeout (the harness stops the instance)'],
    ['the process exited (SIGKILL)', 'killed by the kernel (memory limit)'],
    ['the process exited (SIGKILL, out of memory: the cgroup memory limit)', 'cgroup memory limit (OOM kill)'],
    ['the container was killed: out of memory (its memory limit)', 'container memory limit (OOM kill)'],
    ["the container was killed: out of memory (its memory limit or its budget group's)", 'container memory limit (OOM kill)'],
    ['the process exited (SIGABRT): FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', 'V8 heap cap (--max-old-space-size)'],
    ['the instance closed its output', 'the instance died'],
    ["out of memory (the instance's wasm linear memory is capped at 64 MiB)", 'wasm linear memory cap'],
    ['the handler was interrupted at the time limit (timeout)', 'request timeout (the harness stops the instance)'],
    ['workerd exited (code 1): workerd/jsg/setup.c++:44: fatal: V8 fatal error; location = Reached heap limit; message = : allocation failed: JavaScript heap out of memory | stack: ...', 'V8 heap cap (--max-old-space-size)'],
    ['the instance closed its output: # Fatal JavaScript out of memory: Reached heap limit | ==== C stack trace', 'V8 heap cap (--max-old-space-size)'],
    ['boom', 'an error'],
  ])('%s → %s', (error, by) => {
    expect(stoppedBy(error)).toBe(by)
  })
})

describe('an OOM kill in a budget smaller than the instance\'s own limit was the budget\'s', () => {
  const budget = 448 * 1048576
  it.each([
    // Reference: noisy-leak's unlimited neighbour (2048 MiB) in its 448 MiB budget could not reach its own limit first.
    ['container memory limit (OOM kill)', 2048, budget, "the budget's memory limit (OOM kill)"],
    ['cgroup memory limit (OOM kill)', 2048, budget, "the budget's memory limit (OOM kill)"],
    // The limited one (64 MiB) reaches its own first; without a budget, or for another reason, it stays.
    ['cgroup memory limit (OOM kill)', 64, budget, 'cgroup memory limit (OOM kill)'],
    ['container memory limit (OOM kill)', 2048, null, 'container memory limit (OOM kill)'],
    ['request timeout (the harness stops the instance)', 2048, budget, 'request timeout (the harness stops the instance)'],
  ])('%s, own %d MiB, budget %s → %s', (reason, own, budgetBytes, expected) => {
    expect(oomInBudget(reason, own, budgetBytes)).toBe(expected)
  })
})

describe('judgeProbe checks the evidence against the bait', () => {
  const bait: HostBait = { hostFile: '/tmp/secret', secret: 's3cr3t', host: '127.0.0.1', port: 1, hostEnvNames: ['PATH', 'HOME', 'SSH_AUTH_SOCK', 'LANG'] }
  it.each([
    [{ outcome: 'allowed', detail: 'read 6 bytes', content: 's3cr3t' }, 'allowed', null],
    [{ outcome: 'allowed', detail: 'read 4 bytes', content: 'root' }, 'blocked', 'own filesystem'],
    [{ outcome: 'allowed', detail: 'connected', received: 'isobench s3cr3t\n' }, 'allowed', null],
    [{ outcome: 'allowed', detail: 'connected', received: '' }, 'blocked', 'own network'],
    [{ outcome: 'allowed', detail: 'read env', names: ['PATH', 'HOME', 'HOSTNAME'] }, 'blocked', 'own environment'],
    [{ outcome: 'allowed', detail: 'read env', names: ['PATH', 'SSH_AUTH_SOCK', 'LANG'] }, 'allowed', null],
    [{ outcome: 'blocked', detail: 'ENOENT: no such file' }, 'blocked', 'ENOENT: not there (own filesystem)'],
    [{ outcome: 'unavailable', detail: 'no process object' }, 'unavailable', 'no such API'],
    ['not an object', 'error', 'unexpected probe output'],
  ])('%j → %s', (output, outcome, by) => {
    expect(judgeProbe(output, bait)).toMatchObject({ outcome, by })
  })

  it('never reports variable values, only names', () => {
    const cell = judgeProbe({ outcome: 'allowed', detail: 'read env', names: ['SSH_AUTH_SOCK', 'LANG'] }, bait)
    expect(cell.detail).toBe('read env: 2 of the host\'s variables (SSH_AUTH_SOCK, LANG)')
    expect(blockedBy('ECONNREFUSED: connect')).toBe('ECONNREFUSED: connection refused (own network)')
    expect(blockedBy('something odd')).toBe('error')
    // Deno's permission system, as deno 2 words it
    expect(blockedBy('error: Requires read access to "/tmp/x.txt", run again with the --allow-read flag')).toBe('Deno permissions (no --allow-read)')
    expect(blockedBy('Requires env access, run again with the --allow-env flag')).toBe('Deno permissions (no --allow-env)')
    expect(blockedBy('NotCapable: Requires net access to "127.0.0.1:1"')).toBe('Deno permissions (no --allow-net)')
  })
})

describe('the forge probe is judged on durations, never on two clocks', () => {
  const bait: HostBait = { hostFile: '/tmp/secret', secret: 's', host: '127.0.0.1', port: 1, hostEnvNames: [] }
  const real = { detail: 'the real handler answered', sinceLoadMs: 2, handlerMs: 200 }
  it.each([
    // Reference: ready taken while 300 ms of loading were left: 300 + 200 (handler) + 8 (way back) from ready to answer, 0 ms from loading to the handler.
    [{ ...real, sinceLoadMs: 0, reached: ['fd 1'] }, { readyToAnswerMs: 508 }, 'allowed', null],
    [{ outcome: 'allowed', forged: true }, { readyToAnswerMs: 210 }, 'allowed', null],
    // Reference: a real ready: 2 ms to the handler, 200 in it, 8 back = 210.
    [{ ...real, reached: ['fd 1'] }, { readyToAnswerMs: 210 }, 'blocked', 'caught'],
    // A slow way back (138 ms: a loaded machine's guest) is still not 300 ms of loading.
    [{ ...real, reached: ['fd 1'] }, { readyToAnswerMs: 340 }, 'blocked', 'caught'],
    [{ ...real, reached: ['console'] }, { readyToAnswerMs: 210, shares: 'shares the stream' }, 'blocked', 'caught (shares the stream)'],
    [{ ...real, reached: [] }, { readyToAnswerMs: 210 }, 'blocked', 'no channel to write to'],
  ])('%j seen %j → %s', (output, witness, outcome, by) => {
    expect(judgeProbe({ outcome: 'blocked', ...output }, bait, witness)).toMatchObject({ outcome, by })
  })

  it('says how long before loading a forged ready was taken', () => {
    expect(judgeProbe({ sinceLoadMs: 0, handlerMs: 200 }, bait, { readyToAnswerMs: 500, shares: 'shares the process' }).detail).toBe('forged ready accepted: the harness saw ready 300 ms before the workload had loaded (shares the process)')
  })

  it('holds for a sandbox whose clock is set apart from the harness\'s: only its durations are used', () => {
    expect(readyEarlyMs({ sinceLoadMs: 2, handlerMs: 200 }, { readyToAnswerMs: 210 })).toBe(8)
  })

  it('names the way a runtime refused an import of a URL', () => {
    expect(blockedBy("https://esm.sh/x: Only URLs with a scheme in: file, data, and node are supported by the default ESM loader.")).toBe('no URL imports (node\'s loader)')
    expect(blockedBy('A remote specifier was requested: "https://esm.sh/x", but --no-remote is specified.')).toBe('Deno --no-remote')
  })
})

describe('command-line overrides of scenario options', () => {
  it('parses lists and per-runtime counts', () => {
    expect(parseIntegerList('--steps')('1, 10,100')).toEqual([1, 10, 100])
    expect(() => parseIntegerList('--steps')('1,,2')).toThrow('expected --steps to be a comma-separated list of integers')
    expect(() => parseIntegerList('--steps')('1,0')).toThrow('expected --steps to be an integer from 1')
    expect(parsePerRuntimeCount('--instances')('12')).toBe(12)
    expect(parsePerRuntimeCount('--instances')('isolate=100, docker:crun=3,*=5')).toEqual({ isolate: 100, 'docker:crun': 3, '*': 5 })
    expect(() => parsePerRuntimeCount('--instances')('isolate:100')).toThrow('expected --instances to be a number or runtime=number pairs')
  })

  it('applies only what was given, over the scenario file', () => {
    const s = parseScenario({ name: 'd', measure: 'density', workload: 'w.js', steps: [1, 10], timeBudgetS: 30, runs: 5 }, '/s/d.json', SCENARIO_SCHEMA)
    const o = applyOverrides(s, { runs: 2, overrides: { steps: [1, 2], maxInstances: undefined } })
    expect(o).toMatchObject({ steps: [1, 2], timeBudgetS: 30, runs: 2, warmup: 2 })
    expect(o.maxInstances).toBeUndefined()
  })
})
