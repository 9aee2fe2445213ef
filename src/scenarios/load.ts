import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { UsageError } from '../errors.js'
import { MEASURES, type Measure, type Scenario } from './types.js'

/** The scenarios shipped with isobench. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url))
const EXTENSIONS = ['.json', '.yaml', '.yml']
const KNOWN_KEYS = new Set(['$schema', 'name', 'description', 'measure', 'workload', 'input', 'runs', 'warmup', 'runtimes'])
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
  const shown = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 60)
  throw new UsageError(`${file}: field "${field}": expected ${expected}, got ${shown}`, 'fix the scenario file; `isobench list` shows the shipped ones as examples')
}

function integerIn(file: string, doc: Record<string, unknown>, field: string, min: number, max: number, fallback: number): number {
  const value = doc[field]
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(file, field, `an integer from ${min} to ${max}`, value)
  }
  return value
}

/** Validates a parsed scenario document. Pure: never reads the workload, never runs anything. */
export function parseScenario(doc: unknown, file: string): Scenario {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(file, '(top level)', 'an object', doc)
  const record = doc as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.has(key)) fail(file, key, `one of the known fields (${[...KNOWN_KEYS].filter((k) => k !== '$schema').join(', ')})`, key)
  }
  const { name, measure, workload, description, runtimes } = record
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(name)) fail(file, 'name', 'a name of letters, digits, dot, dash or underscore', name)
  if (typeof measure !== 'string' || !(MEASURES as readonly string[]).includes(measure)) fail(file, 'measure', `one of ${MEASURES.join(', ')}`, measure)
  if (typeof workload !== 'string' || workload.length === 0) fail(file, 'workload', 'a path to a .js file, relative to the scenario file', workload)
  if (description !== undefined && typeof description !== 'string') fail(file, 'description', 'a string', description)
  if (runtimes !== undefined && (!Array.isArray(runtimes) || runtimes.some((r) => typeof r !== 'string') || runtimes.length === 0)) {
    fail(file, 'runtimes', 'a non-empty list of runtime names', runtimes)
  }
  return {
    name,
    description: (description as string | undefined) ?? '',
    measure: measure as Measure,
    workloadPath: isAbsolute(workload) ? workload : resolve(dirname(file), workload),
    input: record.input ?? null,
    runs: integerIn(file, record, 'runs', 1, MAX_RUNS, 20),
    warmup: integerIn(file, record, 'warmup', 0, MAX_RUNS, 2),
    runtimes: runtimes as string[] | undefined,
    file,
  }
}

/** Reads, parses and validates a scenario file; the workload must exist. */
export async function loadScenario(nameOrPath: string): Promise<Scenario> {
  const file = resolveScenarioPath(nameOrPath)
  const text = await readFile(file, 'utf8')
  let doc: unknown
  try {
    doc = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new UsageError(`${file}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`, 'fix the syntax of the scenario file')
  }
  const scenario = parseScenario(doc, file)
  if (!existsSync(scenario.workloadPath)) {
    fail(file, 'workload', `an existing file (looked for ${scenario.workloadPath})`, doc && (doc as Record<string, unknown>).workload)
  }
  return scenario
}
