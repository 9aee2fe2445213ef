/** The hardening scenario end to end through the built CLI on the real runtimes (small sizes; never a timing assertion). */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { labelledContainers, REQUIRE_DOCKER, ROOT } from '../helpers.js'

const BIN = join(ROOT, 'bin/isobench.js')
const out = mkdtempSync(join(tmpdir(), 'isobench-e2e-hardening-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))
const dockerAvailable = (await createDockerRuntime({ nodePath: process.execPath }).probe()).available

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const metricsOf = (row: Json) => [...new Set(row.samples.flatMap((s: Json) => Object.keys(s.metrics)))].sort()

describe('isobench run -s hardening', () => {
  it.skipIf(!dockerAvailable && !REQUIRE_DOCKER)('measures each hardening that applies, relaxed alone, beside all in force, and prints its cost with a CI', async () => {
    const runId = `e2e-hardening-${Date.now()}`
    const result = await execa(BIN, ['run', '-s', 'hardening', '-R', 'process,docker,isolate', '--runs', '3', '--warmup', '0', '--out', out, '--run-id', runId, '--json'], { reject: false, env: { NO_COLOR: '1' }, timeout: 280_000 })
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode).toBe(0)
    const json: Json = JSON.parse(result.stdout)
    const rows = new Map(json.scenarios[0].runtimes.map((r: Json) => [r.runtime, r]))
    expect(metricsOf(rows.get('process'))).toEqual(['hardening_all_ms', 'hardening_relax_cgroup_ms', 'hardening_relax_env_ms', 'hardening_relax_memory_ms', 'hardening_relax_pids_ms'])
    expect(metricsOf(rows.get('isolate'))).toEqual(['hardening_all_ms', 'hardening_relax_memory_ms'])
    expect(metricsOf(rows.get('docker'))).toHaveLength(9) // all in force + each of the 8 relaxations
    for (const row of rows.values()) expect((row as Json).samples.filter((s: Json) => s.ok)).toHaveLength((metricsOf(row as Json).length) * 3)
    const hardening = json.claims?.find((c: Json) => c.id === 'hardening-cheap')
    expect(hardening).toBeUndefined() // one scenario: no claims summary
    expect(await labelledContainers(runId)).toBe(0)

    const table = await execa(BIN, ['report', join(out, readdirSync(out).find((f) => f.endsWith('-hardening.json'))!)], { env: { NO_COLOR: '1' } })
    expect(table.stdout).toContain('memory cap')
    expect(table.stdout).toContain('own cgroup')
    expect(table.stdout).toMatch(/[+−][\d.]+ ms \([+−][\d.]+%\)\s/)
    expect(table.stdout).toMatch(/\[[+−][\d.]+…[+−][\d.]+\]/)
  })

  it('with --relax memory leaves memory relaxed everywhere and does not measure it', async () => {
    const result = await execa(BIN, ['run', '-s', 'hardening', '-R', 'isolate', '--runs', '2', '--warmup', '0', '--relax', 'memory', '--out', out, '--json'], { reject: false, env: { NO_COLOR: '1' }, timeout: 120_000 })
    expect(result.exitCode).toBe(0)
    const row = JSON.parse(result.stdout).scenarios[0].runtimes[0]
    expect(metricsOf(row)).toEqual(['hardening_all_ms'])
  })
})
