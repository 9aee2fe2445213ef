/** Every measure kind end to end through the built CLI, on real runtimes (small sizes; never a timing assertion). */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { createDenoRuntime } from '../../src/runtimes/deno/index.js'
import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { createWorkerdRuntime } from '../../src/runtimes/workerd/index.js'
import { isRoot } from '../../src/host/user.js'
import { labelledContainers, REQUIRE_DOCKER, REQUIRE_PLATFORMS, ROOT } from '../helpers.js'

const BIN = join(ROOT, 'bin/isobench.js')
const out = mkdtempSync(join(tmpdir(), 'isobench-e2e-scenarios-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function isobench(args: string[], env: Record<string, string> = {}) {
  return execa(BIN, args, { reject: false, env: { NO_COLOR: '1', ...env }, timeout: 280_000 })
}

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const rowOf = (result: Json, scenario: string, runtime: string) => result.scenarios.find((s: Json) => s.name === scenario).runtimes.find((r: Json) => r.runtime === runtime)
const cell = (row: Json, probe: string) => row.details.matrix.find((c: Json) => c.probe === probe)

const SMALL = ['--runs', '3', '--warmup', '1', '--instances', '3', '--steps', '1,3', '--max-instances', '3', '--window', '300', '--time-budget', '60']

describe('isobench run --scenario all (process and isolate, small sizes)', () => {
  it('runs every shipped scenario, prints a table per scenario and the claims summary, and records it all', async () => {
    const dir = join(out, 'all')
    const result = await isobench(['run', '--scenario', 'all', '--runtime', 'process,isolate', ...SMALL, '--out', dir])
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode).toBe(0)
    for (const heading of ['cold-start:', 'warm-invoke (warm-invoke)', 'memory (memory)', 'density (density)', 'cpu-fib (cpu)', 'cpu-json (cpu)', 'noisy-leak (noisy-neighbour)', 'noisy-spin (noisy-neighbour)', 'isolation (isolation)', 'hardening (hardening)', 'Claims summary']) {
      expect(result.stdout).toContain(heading)
    }
    const json: Json = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('-all.json'))!), 'utf8'))
    expect(json.complete).toBe(true)
    expect(json.scenarios.map((s: Json) => s.name)).toEqual(['cold-start', 'cold-start-real', 'cold-start-real-validate', 'warm-invoke', 'memory', 'density', 'cpu-fib', 'cpu-json', 'noisy-leak', 'noisy-spin', 'isolation', 'hardening'])
    for (const s of json.scenarios) for (const r of s.runtimes) expect([s.name, r.runtime, r.status]).toEqual([s.name, r.runtime, 'ok'])

    // warm-invoke and cpu: tinybench retained one sample per request
    expect(rowOf(json, 'warm-invoke', 'isolate').samples.filter((s: Json) => s.metrics.warm_invoke_ms > 0)).toHaveLength(3)
    expect(rowOf(json, 'cpu-fib', 'process').output).toEqual({ n: 30, fib: 832040 })
    // memory: every view read per instance, the host view per batch
    const memory = rowOf(json, 'memory', 'process')
    expect(memory.details.instances).toBe(3)
    expect(memory.summaries.map((s: Json) => s.metric)).toEqual(expect.arrayContaining(['memory_rss_bytes', 'memory_pss_bytes', 'memory_host_bytes', 'memory_heap_bytes']))
    expect(rowOf(json, 'memory', 'isolate').summaries.map((s: Json) => s.metric)).toEqual(expect.arrayContaining(['memory_rss_growth_bytes', 'memory_host_bytes']))
    // density: the steps up to the cap, then everything stopped
    const density = rowOf(json, 'density', 'isolate')
    expect(density.details).toMatchObject({ largestN: 3, cap: 3, stopReason: 'reached the largest step' })
    expect(density.samples.map((s: Json) => s.metrics.instances)).toEqual([1, 3])
    // noisy-neighbour: the limited spinner is stopped by the isolate's timeout; the harness survived
    const spin = rowOf(json, 'noisy-spin', 'isolate').details
    expect(spin.limited).toMatchObject({ neighbourStopped: true, stoppedBy: 'isolate timeout', victimAnswersAfter: true })
    expect(spin.unlimited).toMatchObject({ neighbourStopped: false })
    expect(spin.harnessSurvived).toBe(true)
    expect(rowOf(json, 'noisy-leak', 'process').details.limited).toMatchObject({ neighbourStopped: true, stoppedBy: 'V8 heap cap (--max-old-space-size)' })
    // isolation: structural facts of each runtime
    const iso = rowOf(json, 'isolation', 'isolate')
    for (const probe of ['read-file', 'env', 'network', 'spawn']) expect(cell(iso, probe).outcome).toBe('unavailable')
    expect(cell(iso, 'memory')).toMatchObject({ outcome: 'stopped', by: 'isolate memoryLimit' })
    expect(cell(iso, 'offheap')).toMatchObject({ outcome: 'stopped', by: 'isolate memoryLimit (allocation refused)' })
    expect(cell(iso, 'forever')).toMatchObject({ outcome: 'stopped', by: 'isolate timeout' })
    const proc = rowOf(json, 'isolation', 'process')
    for (const probe of ['network', 'spawn']) expect(cell(proc, probe).outcome).toBe('allowed')
    // as root the child runs as nobody: the 0600 bait and the harness's environ are out of its reach
    for (const probe of ['read-file', 'env']) expect(cell(proc, probe).outcome).toBe(isRoot() ? 'blocked' : 'allowed')
    expect(cell(proc, 'forge')).toMatchObject({ outcome: 'blocked', by: 'caught (shares the bootstrap\'s process)' })
    expect(cell(proc, 'memory')).toMatchObject({ outcome: 'stopped', by: 'V8 heap cap (--max-old-space-size)' })
    expect(['allowed', 'stopped']).toContain(cell(proc, 'offheap').outcome) // a heap cap does not see ArrayBuffers; a cgroup would
    expect(JSON.stringify(proc.details)).not.toMatch(/=/) // env names only, never values
    // the bait file is gone
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`isobench-probe-${json.runId}`))).toEqual([])
    // claims: every claim is listed; the structural ones are decided
    const claims = new Map(json.claims.map((c: Json) => [c.id, c]))
    expect([...claims.keys()]).toEqual(expect.arrayContaining(['cold-start-vs-process', 'warm-sub-ms', 'density-thousands', 'cpu-parity', 'isolate-no-host-api', 'process-exposed']))
    expect(claims.get('isolate-no-host-api')).toMatchObject({ verdict: 'confirmed' })
    expect(claims.get('process-exposed')).toMatchObject({ verdict: 'confirmed' })
    expect(claims.get('density-thousands')).toMatchObject({ verdict: 'not measured' }) // capped at 3 here
    expect(claims.get('cold-start-vs-container')).toMatchObject({ verdict: 'not measured' }) // docker not asked for
  }, 300_000)

  it('runs a user scenario file with its own workload', async () => {
    const result = await isobench(['run', '-s', join(ROOT, 'test/fixtures/scenarios/mine-warm.json'), '-R', 'isolate', '--json', '--out', join(out, 'mine')])
    expect(result.exitCode).toBe(0)
    const json: Json = JSON.parse(result.stdout)
    expect(json.scenarios[0]).toMatchObject({ name: 'mine-warm', measure: 'warm-invoke', runs: 40 })
    expect(json.scenarios[0].runtimes[0].output).toEqual({ echo: { hi: 1 } })
    expect(json.claims).toBeUndefined() // one scenario: no claims summary
  })

  it('isolation on the platforms: deno refuses by permission, workerd and wasm have no such API, limits stop the rest', async (t) => {
    const deno = await createDenoRuntime({ nodePath: process.execPath }).probe()
    const workerd = await createWorkerdRuntime({ nodePath: process.execPath }).probe()
    if (!(deno.available && workerd.available) && !REQUIRE_PLATFORMS) t.skip()
    const dir = join(out, 'iso-platforms')
    const result = await isobench(['run', '--scenario', 'isolation', '-R', 'deno,workerd,wasm', '--out', dir])
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode).toBe(0)
    const json: Json = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('-isolation.json'))!), 'utf8'))
    const denoRow = rowOf(json, 'isolation', 'deno')
    for (const [probe, flag] of [['read-file', 'read'], ['env', 'env'], ['network', 'net']]) {
      expect(cell(denoRow, probe)).toMatchObject({ outcome: 'blocked', by: `Deno permissions (no --allow-${flag})` })
    }
    expect(cell(denoRow, 'spawn')).toMatchObject({ outcome: 'blocked', by: expect.stringMatching(/^Deno permissions/) })
    expect(cell(denoRow, 'offheap')).toMatchObject({ outcome: 'stopped', by: 'cgroup memory limit (OOM kill)' })
    for (const runtime of ['workerd', 'wasm']) {
      for (const probe of ['read-file', 'env', 'spawn']) expect(cell(rowOf(json, 'isolation', runtime), probe).outcome).toBe('unavailable')
      expect(cell(rowOf(json, 'isolation', runtime), 'forge').outcome).toBe('blocked')
      expect(cell(rowOf(json, 'isolation', runtime), 'forever').outcome).toBe('stopped')
    }
    // workerd has no socket API but a fetch(), which it refuses; wasm has neither
    expect(cell(rowOf(json, 'isolation', 'workerd'), 'network').outcome).toBe('blocked')
    expect(cell(rowOf(json, 'isolation', 'wasm'), 'network').outcome).toBe('unavailable')
    expect(cell(denoRow, 'import')).toMatchObject({ outcome: 'blocked', by: expect.stringMatching(/^Deno permissions/) })
    expect(cell(rowOf(json, 'isolation', 'workerd'), 'memory')).toMatchObject({ outcome: 'stopped', by: 'V8 heap cap (--max-old-space-size)' })
  })

  it('a victim that dies beside its neighbour (one shared isolate) is a finding in the table, not a failed run', async () => {
    const result = await isobench(['run', '--scenario', 'noisy-leak', '-R', 'isolate:context', '--window', '300', '--out', join(out, 'leak')])
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode).toBe(0)
    // The shared isolate hits its memoryLimit and is disposed, or, where the leak outruns the isolate's
    // GC, the budget's OOM killer takes the tenant host holding it: the victim dies either way.
    expect(result.stdout).toMatch(/isolate:context \(limited\): the victim died beside the neighbour: .*(dispos|tenant host holding it exited)/)
    const dir = join(out, 'leak')
    const json: Json = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('-noisy-leak.json'))!), 'utf8'))
    const row = rowOf(json, 'noisy-leak', 'isolate:context')
    expect(row.samples.every((s: Json) => s.ok)).toBe(true)
    expect(row.details.limited).toMatchObject({ neighbourStopped: true, victimAnswersAfter: false, victimError: expect.stringMatching(/dispos|tenant host holding it exited/) })
  })
})

describe('scenario files and the schema', () => {
  it('isobench schema prints the shipped JSON Schema', async () => {
    const result = await isobench(['schema'])
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, 'schemas/scenario.schema.json'), 'utf8')))
  })

  it('an invalid file gets one line naming file, field and expectation, exit 2', async () => {
    const result = await isobench(['run', '-s', join(ROOT, 'test/fixtures/scenarios/bad-limits.yaml')])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^error: .*bad-limits\.yaml: field "limits\.memoryMb": expected an integer from 8 to 65536, got 2$/m)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it.each([
    [['--steps', '1,x'], /expected --steps to be an integer/],
    [['--max-instances', 'isolate:3'], /expected --max-instances to be a number or runtime=number pairs/],
    [['--window', '5'], /expected --window to be an integer from 100/],
  ])('bad override %j: exit 2', async (flags, message) => {
    const result = await isobench(['run', '-s', 'density', ...flags])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(message)
  })
})

const dockerProbe = await createDockerRuntime({ nodePath: process.execPath }).probe()
describe.skipIf(!dockerProbe.available && !REQUIRE_DOCKER)('docker scenarios', () => {
  it('isolation, noisy-spin and density on docker: contained, stopped, and nothing left behind', async () => {
    const dir = join(out, 'docker')
    const result = await isobench(['run', '-s', 'isolation,noisy-spin,density', '-R', 'docker', '--steps', '1,2', '--max-instances', '2', '--window', '300', '--out', dir])
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode).toBe(0)
    const json: Json = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('-multi.json'))!), 'utf8'))
    const iso = rowOf(json, 'isolation', 'docker')
    for (const probe of ['read-file', 'env', 'network']) expect(cell(iso, probe).outcome).toBe('blocked')
    expect(cell(iso, 'memory').outcome).toBe('stopped')
    expect(cell(iso, 'offheap').outcome).toBe('stopped') // the container's memory limit
    expect(cell(iso, 'forever')).toMatchObject({ outcome: 'stopped', by: 'request timeout (the harness stops the instance)' })
    expect(rowOf(json, 'noisy-spin', 'docker').details.limited).toMatchObject({ neighbourStopped: true, victimAnswersAfter: true })
    expect(rowOf(json, 'density', 'docker').details).toMatchObject({ largestN: 2 })
    expect(await labelledContainers(json.runId)).toBe(0)
    expect(existsSync(join(tmpdir(), `isobench-probe-${json.runId}`))).toBe(false)
  }, 300_000)
})
