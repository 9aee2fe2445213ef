/** The merged result's tables: the runtime × host grid (median [CI], ratio to the reference host) and the hosts. */
import { describe, expect, it } from 'vitest'
import { analyseRun } from '../../../../src/analysis/index.js'
import { hostGridTable, hostsTable } from '../../../../src/report/tables/hosts.js'
import { runViews } from '../../../../src/report/views.js'
import { mergeResults } from '../../../../src/result-merge.js'
import type { RunResult } from '../../../../src/result.js'
import { handBuiltResult } from '../../../fixtures/result.js'

function onHost(hostname: string, runId: string): RunResult {
  const result = handBuiltResult()
  return { ...result, runId, environment: { ...result.environment, hostname } }
}

describe('host tables', () => {
  const merged = mergeResults([{ file: 'a.json', result: onHost('alpha', 'r1') }, { file: 'b.json', result: onHost('beta', 'r2') }], { runId: 'm' })
  const analysis = analyseRun(merged, { referenceHost: 'beta' })

  it('draws a row per runtime and a column per host, the reference host marked', () => {
    const grid = hostGridTable(analysis.hosts![0]!)
    expect(grid.header).toEqual(['runtime', 'alpha', 'beta\n(reference)'])
    const process = grid.rows.find((row) => 'cells' in row && row.cells[0] === 'process') as { cells: string[] }
    // Reference: process medians 30 on both hosts → ratio 1.00x; the reference cell says so
    expect(process.cells[1]).toMatch(/^30\.0 \[20\.0–40\.0\]\n1\.00x \[/)
    expect(process.cells[2]).toBe('30.0 [20.0–40.0]\nreference')
    const docker = grid.rows.find((row) => 'cells' in row && row.cells[0] === 'docker') as { cells: string[] }
    expect(docker.cells.slice(1)).toEqual(['–', '–'])
  })

  it('lists each host with its own environment, and the views put it first', () => {
    const hosts = hostsTable(merged)
    expect(hosts.rows.map((row) => ('cells' in row ? row.cells.slice(0, 3) : []))).toEqual([['alpha', 'Test CPU', '2'], ['beta', 'Test CPU', '2']])
    const views = runViews(analysis, { tablesOf: () => [] })
    expect(views.hosts?.title).toMatch(/^hosts: 2 merged results/)
    expect(views.scenarios[0]!.tables.map((t) => t.title)).toEqual(['cold-start: cold_start_ms by host, median [95% CI]; under it the ratio to beta (same runtime) [95% CI]'])
  })
})
