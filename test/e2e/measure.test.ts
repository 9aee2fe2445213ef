/** The measurement features end to end: phases, memory views, CIs, environment, doctor (never a timing assertion). */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers.js'

const BIN = join(ROOT, 'bin/isobench.js')
const out = mkdtempSync(join(tmpdir(), 'isobench-measure-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function isobench(args: string[], env: Record<string, string> = {}) {
  return execa(BIN, args, { reject: false, env: { NO_COLOR: '1', ...env }, timeout: 120_000 })
}

describe('isobench run --phases --memory-views', () => {
  it('shows each phase, every memory view by name, the CIs, and records them with the environment', async () => {
    const dir = join(out, 'views')
    const result = await isobench(['run', '-s', 'cold-start', '-R', 'process,isolate', '-r', '3', '-w', '0', '--phases', '--memory-views', '--verbose', '--out', dir])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/median ms\s*│[\s\S]*\[95% CI\]/)
    expect(result.stdout).toMatch(/slower, 95% CI \d/)
    for (const phase of ['spawn', 'ready', 'isolate', 'context', 'compile', 'first response', 'teardown (apart)', 'sandbox boot*', 'sandbox load*', 'sandbox return*']) expect(result.stdout).toContain(`│ ${phase}`)
    for (const header of ['(process view)', '(V8 view)']) expect(result.stdout).toContain(header)
    expect(result.stdout).toMatch(/^precision: median 95% CI/m)
    const json = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!), 'utf8'))
    for (const key of ['cpuModel', 'cpuCount', 'kernel', 'cgroup', 'node', 'v8', 'isolatedVm']) expect(json.environment).toHaveProperty(key)
    expect(json.options).toMatchObject({ runs: 3, warmup: 0, phases: true, memoryViews: true })
    const processRow = json.scenarios[0].runtimes.find((r: { runtime: string }) => r.runtime === 'process')
    const cold = processRow.summaries.find((s: { metric: string }) => s.metric === 'cold_start_ms')
    expect(cold.medianCi.low).toBeLessThanOrEqual(cold.median)
    expect(cold.medianCi.high).toBeGreaterThanOrEqual(cold.median)
    expect(typeof cold.outliers).toBe('number')
    expect(processRow.ratio).toMatchObject({ metric: 'cold_start_ms' })
    expect(processRow.summaries.map((s: { metric: string }) => s.metric)).toEqual(expect.arrayContaining(['phase_spawn_ms', 'phase_ready_ms', 'teardown_ms', 'memory_pss_bytes', 'memory_heap_bytes']))
    const sandboxBoot = processRow.summaries.find((s: { metric: string }) => s.metric === 'sandbox_boot_ms')
    expect(sandboxBoot).toMatchObject({ observedBy: 'sandbox' })
    const csv = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.csv') && !f.endsWith('-samples.csv'))!), 'utf8')
    expect(csv.split('\n')[0]).toMatch(/,max,median_ci_low,median_ci_high,outliers,observed_by,host$/)
  })
})

describe('isobench doctor', () => {
  it('prints the environment and, for a missing optional runtime, a warning with the fix (exit 0)', async () => {
    const result = await isobench(['doctor'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^ {2}cpu\s+\S/m)
    expect(result.stdout).toMatch(/^ {2}isolated-vm\s+\d/m)
    expect(result.stdout).toMatch(/WARN {4}docker\s+Docker daemon not reachable/)
    expect(result.stdout).toMatch(/fix: start the Docker daemon/)
    expect(result.stdout).toMatch(/ok\s+isolate/)
    expect(result.stdout).toMatch(/^optional, not here: docker.*doctor --strict fails on them\)$/m)
  })

  it('--strict fails on a missing optional part (exit 3), as doctor did before', async () => {
    const result = await isobench(['doctor', '--strict'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
    expect(result.exitCode).toBe(3)
  })

  it('--json carries the same checks', async () => {
    const result = await isobench(['doctor', '--json'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
    const json = JSON.parse(result.stdout)
    expect(json.environment.node).toMatch(/^v\d+/)
    expect(json.checks.find((c: { name: string }) => c.name === 'docker')).toMatchObject({ ok: false, runtime: true })
  })
})
