/**
 * `isobench init`: scaffolds, in the current project, a scenario, a workload stub, a GitHub
 * workflow that gates pull requests, and the package.json `allowScripts` entry isolated-vm needs.
 * Never overwrites a file without --force; prints what it wrote and what it left alone.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EXIT, UsageError } from '../errors.js'

/** Where the templates ship (templates/init/ in the package). */
const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/init/', import.meta.url))

/** Each scaffolded file: its template and where it goes in the project. */
export const INIT_FILES: ReadonlyArray<{ template: string; target: string }> = [
  { template: 'cold-start.json', target: 'bench/cold-start.json' },
  { template: 'handler.js', target: 'bench/handler.js' },
  { template: 'isobench.yml', target: '.github/workflows/isobench.yml' },
]

/** Options of `isobench init`. */
export interface InitOptions {
  /** The project directory (default: the current one). */
  dir: string
  force: boolean
}

/** What init did to one path: wrote it, or kept what was there. */
export interface InitStep {
  path: string
  action: 'wrote' | 'kept' | 'updated'
  why?: string
}

/**
 * The allowScripts entries init adds when absent: isolated-vm's install script builds it from source
 * where no prebuilt binary fits (npm 11 runs a script only when allowed); the optional native
 * helpers of Docker's SSH transport (cpu-features, ssh2), protobufjs's postinstall and esbuild's (a check
 * of the binary its optional dependency already ships) are not needed.
 */
export const ALLOW_SCRIPTS: Readonly<Record<string, boolean>> = { 'isolated-vm': true, 'cpu-features': false, ssh2: false, protobufjs: false, esbuild: false }

/**
 * package.json with `allowScripts["isolated-vm"] = true` and the other ALLOW_SCRIPTS entries it
 * lacks (the user's own choices stay). Returns undefined when nothing needs adding. Pure.
 */
export function withAllowScripts(text: string, path: string): string | undefined {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`, 'fix package.json, then run isobench init again')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UsageError(`${path} is not a JSON object`, 'fix package.json, then run isobench init again')
  const pkg = doc as Record<string, unknown>
  const allow = (typeof pkg.allowScripts === 'object' && pkg.allowScripts !== null ? pkg.allowScripts : {}) as Record<string, unknown>
  const missing = Object.entries(ALLOW_SCRIPTS).filter(([name]) => !(name in allow) || (name === 'isolated-vm' && allow[name] !== true))
  if (missing.length === 0) return undefined
  pkg.allowScripts = { ...allow, ...Object.fromEntries(missing) }
  const indent = /^\{\n(\s+)/.exec(text)?.[1] ?? '  '
  return JSON.stringify(pkg, null, indent) + '\n'
}

async function scaffold(options: InitOptions, file: { template: string; target: string }): Promise<InitStep> {
  const path = join(options.dir, file.target)
  if (existsSync(path) && !options.force) return { path: file.target, action: 'kept', why: 'exists; --force overwrites it' }
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, await readFile(join(TEMPLATE_DIR, file.template), 'utf8'))
  return { path: file.target, action: 'wrote' }
}

async function allowScripts(dir: string): Promise<InitStep> {
  const path = join(dir, 'package.json')
  if (!existsSync(path)) return { path: 'package.json', action: 'kept', why: 'not found: run npm init, then isobench init again (or add "allowScripts": {"isolated-vm": true} yourself)' }
  const updated = withAllowScripts(await readFile(path, 'utf8'), path)
  if (updated === undefined) return { path: 'package.json', action: 'kept', why: 'allowScripts already allows isolated-vm' }
  await writeFile(path, updated)
  return { path: 'package.json', action: 'updated', why: 'allowScripts: isolated-vm allowed; cpu-features, ssh2, protobufjs, esbuild denied unless you had set them' }
}

/** Runs init; exit 0, or 2 when package.json is not valid JSON. */
export async function initCommand(options: InitOptions): Promise<number> {
  const steps: InitStep[] = []
  for (const file of INIT_FILES) steps.push(await scaffold(options, file))
  steps.push(await allowScripts(options.dir))
  for (const step of steps) process.stdout.write(`${step.action.padEnd(7)} ${step.path}${step.why ? ` (${step.why})` : ''}\n`)
  process.stdout.write([
    '',
    'next:',
    '  npx isobench run --scenario bench/cold-start.json        measure bench/handler.js (put your code there)',
    '  git add bench .github package.json                      the workflow gates every pull request',
    '',
  ].join('\n'))
  return EXIT.ok
}
