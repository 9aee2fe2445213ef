/** `isobench list`: shipped scenarios, runtimes and whether each can run here. */
import { RUNTIMES, RUNTIME_NAMES } from '../runtimes/index.js'
import { SCENARIO_SCHEMA } from '../measure/kinds/index.js'
import { loadScenario, shippedScenarioNames } from '../scenarios/load.js'
import type { Availability, Runtime } from '../runtimes/types.js'
import type { Scenario } from '../scenarios/types.js'

/** `list --json`: the shipped scenarios and every runtime with whether it can run here. Pure. */
export function listJson(scenarios: ReadonlyArray<readonly [string, Scenario]>, runtimes: readonly Runtime[], probes: readonly Availability[]): unknown {
  return {
    scenarios: scenarios.map(([name, s]) => ({
      name,
      measure: s.measure,
      description: s.description,
      workload: s.probes ? null : s.workloadPath.split('/').pop(),
      probes: s.probes?.map((p) => p.name) ?? null,
      runs: s.runs,
      warmup: s.warmup,
    })),
    runtimes: runtimes.map((runtime, i) => {
      const probe = probes[i]!
      return probe.available
        ? { name: runtime.name, description: runtime.description, available: true, version: probe.info.version }
        : { name: runtime.name, description: runtime.description, available: false, reason: probe.reason, fix: probe.fix }
    }),
  }
}

/** Prints the shipped scenarios and each runtime with its availability here (probed in parallel); exit 0. */
export async function listCommand(options: { nodePath: string; image?: string; dockerHost?: string; json?: boolean }): Promise<number> {
  const scenarios = await Promise.all(shippedScenarioNames().map(async (name) => [name, await loadScenario(name, SCENARIO_SCHEMA)] as const))
  const runtimes = RUNTIME_NAMES.map((name) => RUNTIMES[name](options))
  const probes = await Promise.all(runtimes.map((runtime) => runtime.probe()))
  if (options.json) {
    process.stdout.write(JSON.stringify(listJson(scenarios, runtimes, probes), null, 2) + '\n')
    return 0
  }
  const out: string[] = ['Scenarios (isobench run --scenario NAME, a file: --scenario ./mine.json, or all of them: --scenario all):']
  for (const [name, scenario] of scenarios) {
    const sizes = ['cold-start', 'warm-invoke', 'cpu'].includes(scenario.measure) ? `, ${scenario.runs} runs + ${scenario.warmup} warm-up` : ''
    const what = scenario.probes ? `probes=${scenario.probes.map((p) => p.name).join(',')}` : `workload=${scenario.workloadPath.split('/').pop()}`
    out.push(`  ${name.padEnd(16)} measure=${scenario.measure}, ${what}${sizes}${scenario.description ? `\n  ${''.padEnd(16)} ${scenario.description}` : ''}`)
  }
  out.push('', 'Runtimes (--runtime a,b,c; default: every available one):')
  for (const [i, runtime] of runtimes.entries()) {
    const probe = probes[i]!
    const status = probe.available ? `available: ${probe.info.version}` : `NOT available: ${probe.reason}\n  ${''.padEnd(16)} fix: ${probe.fix}`
    out.push(`  ${runtime.name.padEnd(16)} ${runtime.description}\n  ${''.padEnd(16)} ${status}`)
  }
  process.stdout.write(out.join('\n') + '\n')
  return 0
}
