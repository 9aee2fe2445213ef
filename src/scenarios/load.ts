/** Finds and loads scenario files (shipped names or paths, JSON or YAML) and validates them against the published schema. */
import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { UsageError } from '../errors.js'
import { showValue } from '../format.js'
import type { ScenarioSchema } from './schema.js'
import type { Measure, Scenario } from './types.js'
import { validateAgainst, type SchemaNode } from './validate.js'

/** The scenarios shipped with isobench. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url))
const EXTENSIONS = ['.json', '.yaml', '.yml']
export const MAX_RUNS = 100_000

/** Names of the shipped scenarios. */
export function shippedScenarioNames(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((file) => EXTENSIONS.includes(extname(file)))
    .map((file) => basename(file, extname(file)))
    .sort()
}

/** Resolves `--scenario`: a shipped name, or a path (anything with a slash or an extension). */
export function resolveScenarioPath(nameOrPath: string): string {
  const looksLikePath = nameOrPath.includes('/') || EXTENSIONS.includes(extname(nameOrPath))
  if (looksLikePath) {
    const path = resolve(nameOrPath)
    if (!existsSync(path)) throw new UsageError(`scenario file ${nameOrPath} does not exist`, 'check the path, or pick a shipped scenario: isobench list')
    return path
  }
  for (const extension of EXTENSIONS) {
    const path = join(SCENARIO_DIR, nameOrPath + extension)
    if (existsSync(path)) return path
  }
  const names = shippedScenarioNames()
  throw new UsageError(`unknown scenario "${nameOrPath}"`, `pick one of: ${names.join(', ')}; or pass a file: --scenario ./mine.json`)
}

function fail(file: string, field: string, expected: string, got: unknown): never {
  const shown = got === undefined ? 'nothing' : showValue(got)
  throw new UsageError(`${file}: field "${field}": expected ${expected}, got ${shown}`, 'fix the scenario file (`isobench schema` prints its JSON Schema); `isobench list` shows the shipped ones as examples')
}

const resolveFrom = (file: string, path: string) => (isAbsolute(path) ? path : resolve(dirname(file), path))

/** Validates a parsed scenario document against the published schema. Pure: never reads the workload, never runs anything. */
export function parseScenario(doc: unknown, file: string, schema: ScenarioSchema): Scenario {
  const problem = validateAgainst(doc, schema as unknown as SchemaNode)
  if (problem) fail(file, problem.path, problem.expected, problem.got)
  const record = doc as Record<string, unknown>
  const measure = record.measure as Measure
  const probes = (record.probes as Array<{ name: string; workload: string; attempt?: string; input?: unknown }> | undefined)?.map((probe) => ({
    name: probe.name,
    attempt: probe.attempt ?? probe.name,
    workloadPath: resolveFrom(file, probe.workload),
    input: probe.input ?? null,
  }))
  const victim = record.victim as { workload: string; input?: unknown } | undefined
  const workload = (record.workload as string | undefined) ?? (probes ? probes[0]!.workloadPath : '')
  return {
    name: record.name as string,
    description: (record.description as string | undefined) ?? '',
    measure,
    workloadPath: resolveFrom(file, workload),
    input: record.input ?? null,
    runs: (record.runs as number | undefined) ?? 20,
    warmup: (record.warmup as number | undefined) ?? 2,
    runtimes: record.runtimes as string[] | undefined,
    limits: record.limits as Scenario['limits'],
    platform: record.platform as Scenario['platform'],
    instances: record.instances as Scenario['instances'],
    steps: record.steps as number[] | undefined,
    maxInstances: record.maxInstances as Scenario['maxInstances'],
    memoryBudgetMb: record.memoryBudgetMb as number | undefined,
    timeBudgetS: record.timeBudgetS as number | undefined,
    windowMs: record.windowMs as number | undefined,
    hostMemoryMb: record.hostMemoryMb as number | undefined,
    hostCpus: record.hostCpus as number | undefined,
    neighbours: record.neighbours as number | 'cores' | undefined,
    victim: victim && { workloadPath: resolveFrom(file, victim.workload), input: victim.input ?? null },
    limited: record.limited as Scenario['limited'],
    unlimited: record.unlimited as Scenario['unlimited'],
    probes,
    file,
  }
}

/** Every workload file a scenario refers to (the workload, the victim, the probes). */
export function workloadPathsOf(scenario: Scenario): string[] {
  return [...new Set([scenario.workloadPath, scenario.victim?.workloadPath, ...(scenario.probes ?? []).map((p) => p.workloadPath)].filter((p): p is string => Boolean(p)))]
}

/** Reads, parses and validates a scenario file against the schema (measure/kinds: SCENARIO_SCHEMA); the workload must exist. */
export async function loadScenario(nameOrPath: string, schema: ScenarioSchema): Promise<Scenario> {
  const file = resolveScenarioPath(nameOrPath)
  const text = await readFile(file, 'utf8')
  let doc: unknown
  try {
    doc = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new UsageError(`${file}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`, 'fix the syntax of the scenario file')
  }
  const scenario = parseScenario(doc, file, schema)
  for (const path of workloadPathsOf(scenario)) {
    if (!existsSync(path)) fail(file, 'workload', `an existing file (looked for ${path})`, path)
  }
  return scenario
}
