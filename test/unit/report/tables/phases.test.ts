/** The --phases table (report/tables/phases.ts): harness phases that sum to the cold start, then the sandbox-reported ones apart, or why they are unavailable. */
import { describe, expect, it } from 'vitest'
import { summarizeSamples } from '../../../../src/analysis/summaries.js'
import type { RuntimeResult, Sample } from '../../../../src/result.js'
import { phasesTable } from '../../../../src/report/tables/phases.js'
import { handBuiltResult } from '../../../fixtures/result.js'

function row(runtime: string, metrics: Record<string, number>, sandboxUnavailable?: string): RuntimeResult {
  const samples: Sample[] = [0, 1, 2].map((index) => ({ index, warmup: false, ok: true, metrics, ...(sandboxUnavailable ? { sandboxUnavailable } : {}) }))
  return { runtime, status: 'ok', samples, summaries: summarizeSamples(samples) }
}

describe('phasesTable', () => {
  it('shows the sandbox phases beside the harness phases, outside their sum, and marks an unshared clock unavailable with why', () => {
    const harness = { cold_start_ms: 50, phase_spawn_ms: 10, phase_ready_ms: 38, phase_first_response_ms: 2 }
    const scenario = {
      ...handBuiltResult().scenarios[0]!,
      runtimes: [
        row('process', { ...harness, sandbox_boot_ms: 40, sandbox_load_ms: 5, sandbox_return_ms: 0.5 }),
        row('docker:runsc', harness, "the sandbox's clock is not the harness's: its first line reads -5.000 ms outside the window"),
      ],
    }
    const table = phasesTable(scenario)
    const cells = table.rows.map((r) => r.cells)
    // Reference: the harness phases sum to 10 + 38 + 2 = 50; the sandbox ones (40 + 5 + 0.5) are not added in.
    expect(cells).toContainEqual(['', '= cold start', '50.0 [50.0–50.0]', '100% (phase medians sum to 50.0)'])
    expect(cells).toContainEqual(['', 'sandbox boot*', '40.0 [40.0–40.0]', '80% (start decision → its first line)'])
    expect(cells).toContainEqual(['', 'sandbox return*', '0.500 [0.500–0.500]', '1% (answer written → read)'])
    expect(cells).toContainEqual(['', 'sandbox phases*', 'unavailable', "the sandbox's clock is not the harness's: its first line reads -5.000 ms outside the window"])
    expect(table.notes[0]).toMatch(/^\* sandbox-reported/)
  })
})
