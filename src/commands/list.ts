/** `isobench list`: shipped scenarios, runtimes and whether each can run here. */
import { RUNTIMES, RUNTIME_NAMES } from '../runtimes/index.js'
import { SCENARIO_SCHEMA } from '../measure/kinds/index.js'
import { loadScenario, shippedScenarioNames } from '../scenarios/load.js'

/** Prints the shipped scenarios and each runtime with its availability here (probed in parallel); exit 0. */
export async function listCommand(options: { nodePath: string; image?: string; dockerHost?: string }): Promise<number> {
  const out: string[] = ['Scenarios (isobench run --scenario NAME, a file: --scenario ./mine.json, or all of them: --scenario all):']
  for (const name of shippedScenarioNames()) {
    const scenario = await loadScenario(name, SCENARIO_SCHEMA)
    const sizes = ['cold-start', 'warm-invoke', 'cpu'].includes(scenario.measure) ? `, ${scenario.runs} runs + ${scenario.warmup} warm-up` : ''
    const what = scenario.probes ? `probes=${scenario.probes.map((p) => p.name).join(',')}` : `workload=${scenario.workloadPath.split('/').pop()}`
    out.push(`  ${name.padEnd(16)} measure=${scenario.measure}, ${what}${sizes}${scenario.description ? `\n  ${''.padEnd(16)} ${scenario.description}` : ''}`)
  }
  out.push('', 'Runtimes (--runtime a,b,c; default: every available one):')
  const runtimes = RUNTIME_NAMES.map((name) => RUNTIMES[name](options))
  const probes = await Promise.all(runtimes.map((runtime) => runtime.probe()))
  for (const [i, runtime] of runtimes.entries()) {
    const probe = probes[i]!
    const status = probe.available ? `available: ${probe.info.version}` : `NOT available: ${probe.reason}\n  ${''.padEnd(16)} fix: ${probe.fix}`
    out.push(`  ${runtime.name.padEnd(16)} ${runtime.description}\n  ${''.padEnd(16)} ${status}`)
  }
  process.stdout.write(out.join('\n') + '\n')
  return 0
}
