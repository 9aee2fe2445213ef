/**
 * The two sides of `isobench ab`: a variant is the scenario with one thing changed. A spec is a
 * directory (a git worktree of the base commit: the scenario path, and so its workload, resolved
 * inside it), `node=PATH` (another node for the process and docker rows), `image=NAME` (another
 * container image) or `workload=FILE` (another workload file). Loads and validates; never runs anything.
 */
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import type { RuntimeOptions } from '../runtimes/types.js'
import { loadScenario, resolveScenarioPath } from './load.js'
import type { ScenarioSchema } from './schema.js'
import type { Scenario } from './types.js'

/** base or head. */
export type VariantRole = 'base' | 'head'

/** A parsed variant spec. */
export type VariantSpec =
  | { kind: 'dir'; dir: string }
  | { kind: 'node'; path: string }
  | { kind: 'image'; name: string }
  | { kind: 'workload'; file: string }

/** One side of an ab run: its scenario and the options its runtimes are built with. */
export interface Variant {
  role: VariantRole
  /** As given on the command line. */
  spec: string
  scenario: Scenario
  runtimeOptions: RuntimeOptions
}

const KINDS = ['node', 'image', 'workload'] as const

/** Parses `--base`/`--head`: `node=PATH`, `image=NAME`, `workload=FILE`, else a directory. Pure. */
export function parseVariantSpec(spec: string, role: VariantRole): VariantSpec {
  const match = /^([a-z]+)=(.*)$/.exec(spec)
  if (!match) {
    if (spec.trim() === '') throw new UsageError(`--${role} is empty`, 'pass a directory (e.g. a git worktree of the base commit), node=PATH, image=NAME or workload=FILE')
    return { kind: 'dir', dir: spec }
  }
  const [, key, value] = match as unknown as [string, string, string]
  if (value === '') throw new UsageError(`--${role} ${spec}: nothing after "="`, `for example --${role} ${key}=${key === 'image' ? 'node:22-slim' : '/path/to/file'}`)
  if (key === 'node') return { kind: 'node', path: value }
  if (key === 'image') return { kind: 'image', name: value }
  if (key === 'workload') return { kind: 'workload', file: value }
  throw new UsageError(`--${role} ${spec}: unknown kind "${key}="`, `a variant is a directory, or one of ${KINDS.map((k) => `${k}=…`).join(', ')}`)
}

/** The scenario file inside a variant directory: the same relative path, or a shipped name under its scenarios/. */
function scenarioInDir(dir: string, scenario: string, role: VariantRole): string {
  const root = resolve(dir)
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`--${role} ${dir} is not a directory`, 'check out the other commit there first, e.g. git worktree add ../base <base sha>')
  }
  const looksLikePath = scenario.includes('/') || /\.(json|ya?ml)$/.test(scenario)
  const candidates = looksLikePath ? [resolve(root, scenario)] : ['.json', '.yaml', '.yml'].map((ext) => join(root, 'scenarios', scenario + ext))
  const found = candidates.find((path) => existsSync(path))
  if (!found) {
    throw new UsageError(`--${role} ${dir} has no scenario ${scenario} (looked for ${candidates[0]})`, `give --scenario as a path that exists in both variants, e.g. --scenario ./bench/cold-start.json`)
  }
  return found
}

/** Loads one side: its scenario (and workload) and its runtime options, from the spec and the run's defaults. */
export async function loadVariant(role: VariantRole, spec: string, scenario: string, defaults: RuntimeOptions, schema: ScenarioSchema): Promise<Variant> {
  const parsed = parseVariantSpec(spec, role)
  const options: RuntimeOptions = { ...defaults }
  if (parsed.kind === 'dir') return { role, spec, scenario: await loadScenario(scenarioInDir(parsed.dir, scenario, role), schema), runtimeOptions: options }
  const loaded = await loadScenario(resolveScenarioPath(scenario), schema)
  if (parsed.kind === 'node') {
    if (!existsSync(parsed.path)) throw new UsageError(`--${role} ${spec}: ${parsed.path} does not exist`, 'pass the path of a node binary, e.g. node=/usr/local/bin/node')
    options.nodePath = resolve(parsed.path)
  } else if (parsed.kind === 'image') options.image = parsed.name
  else {
    const path = resolve(parsed.file)
    if (!existsSync(path)) throw new UsageError(`--${role} ${spec}: workload file ${parsed.file} does not exist`, 'pass the path of a workload module (export default function handler(input) { ... })')
    return { role, spec, scenario: { ...loaded, workloadPath: path }, runtimeOptions: options }
  }
  return { role, spec, scenario: loaded, runtimeOptions: options }
}
