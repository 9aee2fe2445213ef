import { measureWarm } from './warm-invoke.js'
import type { MeasureModule } from './types.js'
import { cpuTables } from '../../report/tables/cpu.js'

/**
 * Calls of the handler per inside-timed request, of which the fastest is kept: preemption on a
 * shared machine only ever adds to a call, so the fastest of a few is the code's own time.
 */
export const INSIDE_REPEAT = 5

/**
 * cpu: a CPU-bound call on a live, warmed-up instance (the JIT has optimised the workload).
 * The same loop as warm-invoke, plus the handler's time read inside the sandbox just before and
 * after the call (cpu_inside_ms: the bootstrap's clock, or the harness-side wrapper of the
 * in-process runtimes; the fastest of INSIDE_REPEAT calls per request) and the CPU time its process
 * used during the call (cpu_usage_ms: process.cpuUsage, which preemption on a shared machine does not
 * inflate; workerd: its process's CPU time over the whole request, read by the harness from the
 * kernel, ÷ the calls, a mean), which the parity claim uses: does the sandbox slow the code itself?
 */
export const cpu: MeasureModule = {
  measure: 'cpu',
  needs: ['workload'],
  description: 'one CPU-bound request on a warmed-up live instance; ratio against a plain node process',
  tables: (analysis) => cpuTables(analysis, cpu.description),
  run: (input) => measureWarm(input, 'cpu_call_ms', { metric: 'cpu_inside_ms', cpuMetric: 'cpu_usage_ms', repeat: INSIDE_REPEAT }),
}
