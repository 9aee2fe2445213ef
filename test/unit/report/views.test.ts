import { describe, expect, it } from 'vitest'
import type { ScenarioAnalysis } from '../../../src/analysis/index.js'
import type { TableView } from '../../../src/report/table-model.js'
import { withRuntimeNotes } from '../../../src/report/views.js'

const NOTE = 'emulated CPU (TCG): far slower than a KVM guest; not representative of production VMs'
const analysis = {
  scenario: {
    runtimes: [
      { runtime: 'qemu', status: 'ok', info: { version: 'qemu 7.2.22 (tcg)', details: {}, note: NOTE }, samples: [], summaries: [] },
      { runtime: 'process', status: 'ok', info: { version: 'node v20', details: {} }, samples: [], summaries: [] },
    ],
  },
} as unknown as ScenarioAnalysis
const table = (rows: TableView['rows'], notes: string[] = []): TableView => ({ title: 't', header: ['runtime', 'x'], align: ['left', 'right'], rows, notes })

describe('withRuntimeNotes', () => {
  it('adds a runtime\'s note under every table with a row of it, once', () => {
    const [memory, density, already] = withRuntimeNotes(analysis, [
      table([{ cells: ['qemu', '1'] }, { cells: ['process', '2'] }]),
      table([{ cells: ['process', '2'] }]),
      table([{ cells: ['qemu\n(victim)', '1'] }], [`note: qemu: ${NOTE}`]),
    ])
    expect(memory!.notes).toEqual([`note: qemu: ${NOTE}`])
    expect(density!.notes).toEqual([])
    expect(already!.notes).toEqual([`note: qemu: ${NOTE}`])
  })
})
