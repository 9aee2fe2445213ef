import { measureWarm } from './warm-invoke.js'
import type { MeasureModule } from './types.js'
import { latencyTables } from '../../report/tables/latency.js'

/**
 * cpu: a CPU-bound call on a live, warmed-up instance (the JIT has optimised the workload).
 * The same loop as warm-invoke; the figure of interest is the ratio to the process runtime:
 * does the sandbox slow the code itself?
 */
export const cpu: MeasureModule = {
  measure: 'cpu',
  needs: ['workload'],
  description: 'one CPU-bound request on a warmed-up live instance; ratio against a plain node process',
  tables: (analysis) => latencyTables(analysis, 'cpu_call_ms', cpu.description),
  run: (input) => measureWarm(input, 'cpu_call_ms'),
}
