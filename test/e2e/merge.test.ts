/**
 * `isobench merge` of real results: two runs on this machine labelled as two hosts give one result
 * (valid against the schema) whose report has both hosts; a scenario name over different workloads
 * is refused in one line; compare pairs a merged side's rows by host.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkResultSchema } from '../../src/result-file.js'
import { ROOT } from '../helpers.js'
import { runCli } from './cli.js'

const jsonIn = (dir: string) => join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!)

describe('isobench merge', () => {
  let dir: string
  let a: string
  let b: string
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isobench-test-'))
    copyFileSync(join(ROOT, 'scenarios/workloads/hello.js'), join(dir, 'hello.js'))
    const file = join(dir, 'scenario.json')
    writeFileSync(file, JSON.stringify({ name: 'test', measure: 'cold-start', workload: 'hello.js', runs: 3, warmup: 0, runtimes: ['process', 'isolate'] }))
    for (const name of ['a', 'b']) {
      const result = await runCli(['run', '-s', file, '--out', join(dir, name), '-q'])
      expect(result.code, result.stderr).toBe(0)
    }
    a = jsonIn(join(dir, 'a'))
    b = jsonIn(join(dir, 'b'))
  }, 120_000)

  it('gives one result with both hosts: a runtime × host table, CSV with host, valid JSON', async () => {
    const out = join(dir, 'merged')
    const result = await runCli(['merge', `laptop=${a}`, `ci=${b}`, '--out', out])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/hosts: 2 merged results/)
    expect(result.stdout).toMatch(/test: cold_start_ms by host, median \[95% CI\]; under it the ratio to laptop/)
    expect(result.stdout).toMatch(/│ process │ [\d.]+ \[[\d.]+–[\d.]+\] +│ [\d.]+ \[[\d.]+–[\d.]+\] +│/)
    expect(result.stdout).toMatch(/│ +│ reference +│ [\d.]+x \[[\d.]+x–[\d.]+x\] +│/)
    const merged = jsonIn(out)
    const doc = JSON.parse(readFileSync(merged, 'utf8'))
    checkResultSchema(doc, merged)
    expect(doc.hosts.map((h: { host: string }) => h.host)).toEqual(['laptop', 'ci'])
    expect(doc.hosts[0].environment.cpuCount).toBeGreaterThan(0)
    const csv = readFileSync(merged.replace(/\.json$/, '.csv'), 'utf8').split('\n')
    expect(csv[0]).toMatch(/^scenario,runtime,metric,unit,n,median,mean,stddev,min,p95,p99,max,median_ci_low,median_ci_high,outliers,observed_by,host$/)
    expect(csv.some((line) => line.startsWith('test,process,cold_start_ms,') && line.endsWith(',ci'))).toBe(true)

    const report = await runCli(['report', merged, '--reference-host', 'ci', '--format', 'md'])
    expect(report.code, report.stderr).toBe(0)
    expect(report.stdout).toMatch(/### Hosts/)
    expect(report.stdout).toMatch(/\| runtime \| laptop \| ci \(reference\) \|/)

    const compared = await runCli(['compare', merged, b, '--metric', 'cold_start_ms'])
    expect(compared.stderr).not.toMatch(/internal error/)
    expect([0, 1]).toContain(compared.code)
    expect(compared.stdout).toMatch(/process @ ci/) // b's run is the host ci of the merged side
    expect(compared.stdout).not.toMatch(/process @ laptop │ cold_start_ms/)
  })

  it('refuses one scenario name over different workloads, and a file of another schema version, in one line (exit 2)', async () => {
    const other = JSON.parse(readFileSync(b, 'utf8'))
    other.scenarios[0].workload.sha256 = 'f'.repeat(64)
    const changed = join(dir, 'changed.json')
    writeFileSync(changed, JSON.stringify(other))
    const result = await runCli(['merge', a, changed, '--out', join(dir, 'never')])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: scenario test ran different workloads: .* in .*changed\.json\nhint: /)
    const future = join(dir, 'future.json')
    writeFileSync(future, JSON.stringify({ ...other, schemaVersion: 2 }))
    const newer = await runCli(['merge', a, future, '--out', join(dir, 'never')])
    expect(newer.code).toBe(2)
    expect(newer.stderr).toMatch(/^error: .*future\.json has schemaVersion 2/)
    expect(newer.stderr.trim().split('\n')).toHaveLength(2)
  })
})
