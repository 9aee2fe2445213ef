/**
 * Reads a scenario's workload: a self-contained `.js`/`.mjs` module is used byte for byte; one that
 * imports packages, or is TypeScript, is bundled once (bundle.ts) into a file of the run's temp dir,
 * checked (its top level evaluated once in a context with only the language), and those bytes run
 * unchanged in every runtime.
 */
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import vm from 'node:vm'
import { UsageError } from '../errors.js'
import { moduleToScript } from '../runtimes/module-script.js'
import type { Workload } from '../runtimes/types.js'
import { makeTempDir, removeTempDir } from '../temp.js'
import { bundleWorkload, type WorkloadPlatform } from './bundle.js'

/** A workload read from disk, with the hash of the bytes that run (recorded in the result). */
export interface LoadedWorkload extends Workload {
  sha256: string
  /** The file the scenario names (for a bundle, `path` is the bundle's temp file). */
  entry: string
  /** Set when the workload was bundled: how, and from what. */
  bundle?: { esbuild: string; inputs: number; ms: number }
}

/** A static `import`/`export … from` at the start of a line (not `import(`): the module needs bundling. */
const STATIC_IMPORT = /^[ \t]*(?:import[\s{*'"]|export[ \t]*(?:\*|\{[^}]*\})[ \t]*from\b)/m

/** Whether a workload file runs as it is: JavaScript that imports nothing. */
export function isSelfContained(path: string, source: string): boolean {
  return ['.js', '.mjs'].includes(extname(path)) && !STATIC_IMPORT.test(source)
}

/** How long the top-level check may take (a library's top level does little). */
const TOP_LEVEL_TIMEOUT_MS = 5000

let bundleDir: string | undefined

/** The file of the bundle esbuild's `// path` comment puts the bundle's line `line` in (unminified). */
function sourceFileAt(bundle: string, line: number | undefined): string | undefined {
  if (line === undefined) return undefined
  const lines = bundle.split('\n').slice(0, line).reverse()
  return lines.map((text) => /^\/\/ (\S+\.[cm]?[jt]sx?)$/.exec(text)?.[1]).find(Boolean)
}

/**
 * Evaluates the bundle's top level once in a fresh node:vm context that has only the language (no
 * `process`, `Buffer`, `require`, no Web APIs), as an isolate has: a ReferenceError names the
 * global the bundle needs. A textual scan would false-alarm on libraries' `typeof process` guards.
 * Also refuses a default export that is not a function.
 */
export function checkTopLevel(bundle: string, entry: string): void {
  let handler: unknown
  try {
    handler = new vm.Script(moduleToScript(bundle), { filename: 'bundle.js' }).runInContext(vm.createContext({}), { timeout: TOP_LEVEL_TIMEOUT_MS })
  } catch (thrown) {
    const { name, message, stack } = (thrown ?? {}) as { name?: string; message?: string; stack?: string }
    const line = /bundle\.js:(\d+)/.exec(stack ?? '')?.[1]
    const file = sourceFileAt(bundle, line === undefined ? undefined : Number(line))
    const where = file ? resolve(dirname(entry), file) : entry
    const global = name === 'ReferenceError' ? /^(\S+) is not defined/.exec(message ?? '')?.[1] : undefined
    if (global) throw new UsageError(`${where}: the workload uses the global "${global}", which is not part of the language (isolates, vm and QuickJS have none)`, 'use a package that needs no Node or Web APIs, or add "platform": "node" to the scenario (then only process, docker and worker run it)')
    throw new UsageError(`${where}: the workload throws when it is loaded: ${name ?? 'Error'}: ${message ?? String(thrown)}`, 'fix the workload\'s top-level code')
  }
  if (typeof handler !== 'function') throw new UsageError(`${entry}: the default export is ${handler === null ? 'null' : typeof handler}, not a function`, 'export the handler: export default function handler(input) { ... }')
}

/** Reads (and, when it imports anything or is TypeScript, bundles) a workload; its name is the file name without extension. */
export async function loadWorkload(path: string, platform: WorkloadPlatform = 'neutral'): Promise<LoadedWorkload> {
  const name = basename(path, extname(path))
  const text = await readFile(path, 'utf8')
  if (isSelfContained(path, text)) return { name, path, entry: path, source: text, sha256: sha256Of(text) }
  const bundle = await bundleWorkload(path, platform)
  if (platform === 'neutral') checkTopLevel(bundle.source, path)
  bundleDir ??= makeTempDir('isobench-bundle-')
  const file = join(bundleDir, `${name}-${sha256Of(bundle.source).slice(0, 12)}.mjs`)
  writeFileSync(file, bundle.source)
  return { name, path: file, entry: path, source: bundle.source, sha256: sha256Of(bundle.source), bundle: { esbuild: bundle.esbuildVersion, inputs: bundle.inputs.length, ms: bundle.ms } }
}

/** Removes the run's bundle files (also removed at exit). */
export async function removeBundles(): Promise<void> {
  if (bundleDir) await removeTempDir(bundleDir)
  bundleDir = undefined
}

/** Refuses a self-contained workload without a default export before measuring (a bundle is checked by bundling). */
export function requireDefaultExport(workload: LoadedWorkload): void {
  if (workload.bundle) return
  try {
    moduleToScript(workload.source)
  } catch (error) {
    if (/no default export/.test((error as Error).message)) throw new UsageError(`${workload.entry}: the workload has no default export`, 'export the handler: export default function handler(input) { ... }')
  }
}

/** Every scenario's own workload, loaded (bundled) once before anything is measured: bad input fails here, exit 2. */
export async function loadScenarioWorkloads(scenarios: readonly { workloadPath: string; platform?: WorkloadPlatform }[]): Promise<Map<string, LoadedWorkload>> {
  const loaded = new Map<string, LoadedWorkload>()
  for (const { workloadPath, platform } of scenarios) {
    const key = workloadKey({ workloadPath, platform })
    if (loaded.has(key)) continue
    const workload = await loadWorkload(workloadPath, platform)
    requireDefaultExport(workload)
    loaded.set(key, workload)
  }
  return loaded
}

/** The key of a scenario's workload in loadScenarioWorkloads' map. */
export function workloadKey(scenario: { workloadPath: string; platform?: WorkloadPlatform }): string {
  return `${scenario.platform ?? 'neutral'}:${scenario.workloadPath}`
}

/** What the environment records of the bundles a run made (bundling is never timed by a measure). */
export function bundlesRecord(workloads: Iterable<LoadedWorkload>): Record<string, { esbuild: string; inputs: number; bytes: number; sha256: string; ms: number }> {
  const record: Record<string, { esbuild: string; inputs: number; bytes: number; sha256: string; ms: number }> = {}
  for (const w of workloads) if (w.bundle) record[w.entry] = { esbuild: w.bundle.esbuild, inputs: w.bundle.inputs, bytes: Buffer.byteLength(w.source), sha256: w.sha256, ms: Math.round(w.bundle.ms * 10) / 10 }
  return record
}

function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
