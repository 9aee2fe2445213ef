/**
 * Bundling a workload that imports packages (or is TypeScript) into one self-contained ES module,
 * once per run, with esbuild: platform neutral (or node, when the scenario opts in), tree-shaken,
 * not minified, packages resolved from the workload's own directory as the user's project lays
 * them out. What esbuild refuses becomes one UsageError line (file:line, the missing package and
 * where it was looked for, the Node built-in and who imported it).
 */
import { builtinModules } from 'node:module'
import { basename, dirname, relative, resolve } from 'node:path'
import type { BuildFailure, Message, Plugin } from 'esbuild'
import { UsageError } from '../errors.js'

/** What a workload may use: the language only (every runtime), or Node's APIs too (process, docker, worker). */
export type WorkloadPlatform = 'neutral' | 'node'

/** The largest bundle isobench runs (a bigger one is refused before measuring). */
export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024

/** One bundle: the module text and what went into it. */
export interface Bundle {
  source: string
  /** The files esbuild read (the entry and every module of every package), relative to the workload's directory. */
  inputs: string[]
  esbuildVersion: string
  /** How long bundling took (untimed by every measure; recorded in the environment). */
  ms: number
}

/** The one-line entry esbuild starts from: it re-exports the workload's default export only. */
const ENTRY_NAME = 'isobench-entry.js'

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))

/** Whether an import specifier names a Node built-in (`fs`, `node:fs`, `fs/promises`). */
export function isNodeBuiltin(specifier: string): boolean {
  return BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]!) || specifier.startsWith('node:')
}

/** Refuses Node built-ins (neutral) or leaves them to the runtime (node), naming the importing file. */
function builtinsPlugin(platform: WorkloadPlatform, root: string): Plugin {
  return {
    name: 'isobench-node-builtins',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeBuiltin(args.path)) return undefined
        if (platform === 'node') return { path: args.path, external: true }
        return { errors: [{ text: `the workload imports the Node built-in "${args.path}" (in ${relative(root, args.importer) || args.importer})` }] }
      })
    },
  }
}

/** The one line a build failure becomes, from esbuild's first error. */
export function bundleErrorOf(entry: string, error: Message): UsageError {
  const where = error.location ? `${resolve(dirname(entry), error.location.file)}:${error.location.line}:${error.location.column + 1}` : entry
  const missing = /^Could not resolve "([^"]+)"/.exec(error.text)
  if (missing) {
    return new UsageError(`${where}: cannot find package "${missing[1]}" (looked in node_modules from ${dirname(entry)} upwards)`, `install it beside the workload: cd ${dirname(entry)} && npm install ${missing[1]}`)
  }
  if (/Node built-in/.test(error.text)) {
    return new UsageError(`${where}: ${error.text}; isolates, workerd, Deno and QuickJS have no Node APIs`, 'use a package that needs no Node APIs, or add "platform": "node" to the scenario (then only process, docker and worker run it)')
  }
  if (/No matching export in .* for import "default"/.test(error.text)) {
    return new UsageError(`${entry}: the workload has no default export`, 'export the handler: export default function handler(input) { ... }')
  }
  return new UsageError(`${where}: ${error.text}`, 'fix the workload source (isobench bundles it with esbuild)')
}

/**
 * esbuild ends an ES module bundle with `export { name as default };`. The same bytes run everywhere,
 * so they are made `export default name;` once, the form the runtimes that run a module as a script
 * (vm, isolate:snapshot: module-script.ts) understand.
 */
export function defaultExportStatement(bundle: string): string {
  return bundle.replace(/\nexport \{\n {2}([A-Za-z_$][\w$]*) as default\n\};\n?$/, '\nexport default $1;\n')
}

/** Bundles the workload at `entry` (its default export only); throws a UsageError for what cannot be bundled. */
export async function bundleWorkload(entry: string, platform: WorkloadPlatform, minify = false): Promise<Bundle> {
  const esbuild = await import('esbuild')
  const root = dirname(entry)
  const started = performance.now()
  try {
    const result = await esbuild.build({
      stdin: { contents: `export { default } from ${JSON.stringify(`./${basename(entry)}`)}`, resolveDir: root, sourcefile: ENTRY_NAME, loader: 'js' },
      absWorkingDir: root,
      bundle: true,
      format: 'esm',
      platform,
      mainFields: ['module', 'main'],
      conditions: ['module'],
      treeShaking: true,
      minify,
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [builtinsPlugin(platform, root)],
    })
    const bytes = result.outputFiles[0]!.contents
    if (bytes.length > MAX_BUNDLE_BYTES) {
      throw new UsageError(`${entry}: the bundle is ${(bytes.length / 1024 ** 2).toFixed(1)} MiB, over the ${MAX_BUNDLE_BYTES / 1024 ** 2} MiB cap`, 'import less (a deep import of what the handler uses instead of a whole package)')
    }
    const inputs = Object.keys(result.metafile.inputs).filter((input) => input !== ENTRY_NAME)
    return { source: defaultExportStatement(result.outputFiles[0]!.text), inputs, esbuildVersion: esbuild.version, ms: performance.now() - started }
  } catch (error) {
    const failure = error as Partial<BuildFailure>
    if (Array.isArray(failure.errors) && failure.errors[0]) throw bundleErrorOf(entry, failure.errors[0])
    throw error
  } finally {
    await esbuild.stop()
  }
}
