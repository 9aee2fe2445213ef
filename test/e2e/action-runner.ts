/**
 * A small runner for a composite action, as GitHub runs one: each step in order, `if:` evaluated,
 * `${{ inputs.* }}` and `${{ github.action_path }}` substituted (defaults from action.yml), run with
 * `bash --noprofile --norc -eo pipefail FILE`, GITHUB_* variables set, GITHUB_ENV lines carried to
 * the later steps, and the first failing step ending the run with its code. An expression it does
 * not know fails the test rather than being guessed.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'

interface ActionStep {
  name: string
  if?: string
  shell: string
  env?: Record<string, string>
  run: string
}

interface ActionFile {
  inputs: Record<string, { default?: string; required?: boolean }>
  runs: { using: string; steps: ActionStep[] }
}

/** What a run of the action left: its exit code, the output, the step summary and which steps ran. */
export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  summary: string
  ran: string[]
}

function expression(text: string, inputs: Record<string, string>, actionPath: string): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expr)
    if (input) return inputs[input[1]!] ?? ''
    if (expr === 'github.action_path') return actionPath
    throw new Error(`the action runner does not know the expression \${{ ${expr} }}`)
  })
}

function condition(text: string | undefined, inputs: Record<string, string>): boolean {
  if (text === undefined) return true
  const match = /^inputs\.([\w-]+)\s*==\s*'([^']*)'$/.exec(text.trim())
  if (!match) throw new Error(`the action runner does not know the condition ${text}`)
  return (inputs[match[1]!] ?? '') === match[2]
}

function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=')
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return env
}

/** Runs the composite action at `actionPath` in `workspace` with the given inputs (defaults filled in). */
export function runAction(actionPath: string, workspace: string, given: Record<string, string>, extraEnv: Record<string, string> = {}): ActionRun {
  const action = parse(readFileSync(join(actionPath, 'action.yml'), 'utf8')) as ActionFile
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`)
  const inputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    inputs[name] = given[name] ?? spec.default ?? ''
    if (spec.required && inputs[name] === '') throw new Error(`input ${name} is required`)
  }
  const temp = mkdtempSync(join(tmpdir(), 'isobench-action-'))
  const files = { GITHUB_STEP_SUMMARY: join(temp, 'summary.md'), GITHUB_ENV: join(temp, 'env'), GITHUB_OUTPUT: join(temp, 'output'), GITHUB_PATH: join(temp, 'path') }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_') && key !== 'CI'))
  const result: ActionRun = { code: 0, stdout: '', stderr: '', summary: '', ran: [] }
  for (const [i, step] of action.runs.steps.entries()) {
    if (!condition(step.if, inputs)) continue
    if (step.shell !== 'bash') throw new Error(`step ${step.name}: the runner only runs shell: bash`)
    const script = join(temp, `step-${i}.sh`)
    writeFileSync(script, expression(step.run, inputs, actionPath))
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, expression(String(value), inputs, actionPath)]))
    const env = { ...base, ...extraEnv, ...readEnvFile(files.GITHUB_ENV), ...stepEnv, ...files, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_ACTION_PATH: actionPath, RUNNER_TEMP: temp, RUNNER_OS: 'Linux' }
    const child = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8', timeout: 600_000 })
    result.ran.push(step.name)
    result.stdout += child.stdout
    result.stderr += child.stderr
    if (child.status !== 0) {
      result.code = child.status ?? 128
      break
    }
  }
  result.summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
  rmSync(temp, { recursive: true, force: true }) // RUNNER_TEMP is the runner's to clear, as a real runner does after the job
  return result
}
