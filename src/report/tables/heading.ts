/** Pure: the line above a (non-cold-start) measure's table: scenario, measure, workload, sizes, what is measured. */
import type { ScenarioResult } from '../../result.js'

/** `cpu-fib (cpu): fib.js, 30 runs + 10 warm-up per runtime; <description>`; runs only where the measure repeats a request. */
export function measureHeading(scenario: ScenarioResult, description: string, withRuns = false): string {
  const sizes = withRuns ? `, ${scenario.runs} runs + ${scenario.warmup} warm-up per runtime` : ''
  return `${scenario.name} (${scenario.measure}): ${scenario.workload.name}.js${sizes}; ${description}`
}
