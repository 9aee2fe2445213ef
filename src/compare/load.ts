/** Reads a saved result for `compare`: one-line errors for a missing, malformed or incompatible file. */
import { readFile } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { SCHEMA_VERSION, type RunResult } from '../result.js'
import { poolResults } from './pool.js'

/** A result read from disk, with the path it came from (for messages and reports). */
export interface LoadedResult {
  path: string
  result: RunResult
  /** The runs pooled into `result` when the side is several files: compare then works run by run. */
  runs?: RunResult[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks the parts of a result that `compare` relies on; returns what is wrong, or undefined. */
export function resultShapeProblem(doc: unknown): string | undefined {
  if (!isRecord(doc)) return 'the top level is not an object'
  if (!Array.isArray(doc.scenarios)) return 'no "scenarios" list'
  for (const [i, scenario] of doc.scenarios.entries()) {
    if (!isRecord(scenario) || typeof scenario.name !== 'string') return `scenarios[${i}] has no name`
    if (!Array.isArray(scenario.runtimes)) return `scenario ${scenario.name} has no "runtimes" list`
    for (const runtime of scenario.runtimes as unknown[]) {
      if (!isRecord(runtime) || typeof runtime.runtime !== 'string' || !Array.isArray(runtime.samples)) {
        return `scenario ${scenario.name}: a runtime entry without a name or a "samples" list`
      }
      const bad = (runtime.samples as unknown[]).findIndex((s) => !isRecord(s) || typeof s.ok !== 'boolean' || typeof s.warmup !== 'boolean' || !isRecord(s.metrics))
      if (bad >= 0) return `scenario ${scenario.name}, runtime ${runtime.runtime}: sample ${bad} is not {ok, warmup, metrics}`
    }
  }
  return undefined
}

/** Parses and validates a result document read from `path` (the role names it in messages). */
export function parseResult(text: string, path: string, role: string): RunResult {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${role} ${path} is not valid JSON (${(error as Error).message.split('\n')[0]})`, 'pass a result file written by `isobench run` (the .json next to the .csv)')
  }
  const version = isRecord(doc) ? doc.schemaVersion : undefined
  if (typeof version !== 'number') {
    throw new UsageError(`${role} ${path} is not an isobench result (no schemaVersion)`, 'pass a result file written by `isobench run` (the .json next to the .csv)')
  }
  if (version !== SCHEMA_VERSION) {
    const newer = version > SCHEMA_VERSION
    throw new UsageError(
      `${role} ${path} has schemaVersion ${version}; this isobench reads version ${SCHEMA_VERSION}`,
      newer ? 'upgrade isobench to compare it' : 'record the baseline again with this isobench version (isobench run ... --out results/baselines)',
    )
  }
  const problem = resultShapeProblem(doc)
  if (problem) throw new UsageError(`${role} ${path} is malformed: ${problem}`, 'pass an unmodified result file written by `isobench run`')
  return doc as RunResult
}

/** Reads and validates a result file. */
export async function loadResult(path: string, role: 'baseline' | 'current' | 'result'): Promise<LoadedResult> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? (error as Error).message})`
    throw new UsageError(`${role} file ${path} ${why}`, role === 'baseline' ? 'record one with: isobench run --scenario <name> --out results/baselines' : 'pass the .json written by `isobench run`')
  }
  return { path, result: parseResult(text, path, role) }
}

/** Reads one side: a file, or comma-separated files of alternated runs, pooled (compare/pool.ts). */
export async function loadSide(spec: string, role: 'baseline' | 'current'): Promise<LoadedResult> {
  const paths = spec.split(',').map((path) => path.trim()).filter(Boolean)
  if (paths.length === 0) throw new UsageError(`no ${role} file given`, 'pass a result file written by `isobench run`')
  const loaded = await Promise.all(paths.map((path) => loadResult(path, role)))
  if (loaded.length === 1) return loaded[0]!
  const runs = loaded.map((l) => l.result)
  return { path: `${paths[0]} (+${paths.length - 1} pooled)`, result: poolResults(runs, role), runs }
}
