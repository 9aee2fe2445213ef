/**
 * The installable package, as a new user gets it: `npm pack`, then in an empty project the
 * allowScripts entry the README gives, `npm install <tarball>` (nothing but the npm registry),
 * `npx isobench init`, the scaffolded scenario run from that project's directory, a shipped scenario
 * found by name, and the gate with its step summary. Slow: isolated-vm builds from source on Node 20.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'isobench-package-'))
const project = join(dir, 'app')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `npx isobench ...` in the user's project, as they would type it. */
function isobench(args: string[], env: Record<string, string> = {}) {
  return execa('npx', ['--no-install', 'isobench', ...args], { cwd: project, reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', ...env }, timeout: 300_000 })
}

beforeAll(async () => {
  // --ignore-scripts: the suite already built dist/ (npm test); prepack would rebuild it under the other tests' feet.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], { cwd: ROOT })
  const tarball = join(dir, JSON.parse(pack.stdout)[0].filename)
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, allowScripts: { 'isolated-vm': true, 'cpu-features': false, ssh2: false, protobufjs: false, esbuild: false } }, null, 2))
  await execa('npm', ['install', '--no-audit', '--no-fund', '--save-dev', tarball], { cwd: project, timeout: 1_500_000 })
}, 1_600_000)

describe('the packed tarball in an empty project', () => {
  it('gives a working npx isobench: version, help, shipped scenarios by name', async () => {
    const list = await isobench(['list', '--json'])
    expect(list.exitCode, list.stderr).toBe(0)
    const json = JSON.parse(list.stdout)
    expect(json.scenarios.map((s: { name: string }) => s.name)).toContain('cold-start')
    expect(json.runtimes.find((r: { name: string }) => r.name === 'isolate')).toMatchObject({ available: true })
    const doctor = await isobench(['doctor'])
    expect(doctor.exitCode, doctor.stdout).toBe(0)
  })

  it('init scaffolds the scenario, the workload, the workflow and allowScripts, and never overwrites without --force', async () => {
    const first = await isobench(['init'])
    expect(first.exitCode, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^wrote {3}bench\/cold-start\.json$/m)
    expect(first.stdout).toMatch(/^wrote {3}\.github\/workflows\/isobench\.yml$/m)
    expect(first.stdout).toMatch(/^kept {4}package\.json \(allowScripts already allows isolated-vm\)$/m)
    writeFileSync(join(project, 'bench/handler.js'), 'export default function handler(input) { return { echo: input } }\n')
    const again = await isobench(['init'])
    expect(again.stdout).toMatch(/^kept {4}bench\/handler\.js \(exists; --force overwrites it\)$/m)
    expect(readFileSync(join(project, 'bench/handler.js'), 'utf8')).toContain('echo: input')
  })

  it('runs the scaffolded scenario and a shipped one from the project directory, results in ./results', async () => {
    const mine = await isobench(['run', '--scenario', 'bench/cold-start.json', '-r', '3', '-w', '0', '--out', 'results/base', '-q'])
    expect(mine.exitCode, mine.stderr).toBe(0)
    expect(mine.stdout).toMatch(/^cold-start: handler\.js, 3 runs/m)
    const shipped = await isobench(['run', '--scenario', 'cold-start', '-R', 'isolate', '-r', '2', '-w', '0', '--out', 'results/shipped', '-q'])
    expect(shipped.exitCode, shipped.stderr).toBe(0)
    expect(shipped.stdout).toMatch(/^cold-start: hello\.js, 2 runs/m)
  })

  it('gates a head against the baseline in one call, the Markdown report in the step summary', async () => {
    const baseline = join(project, 'results/base', readdirSync(join(project, 'results/base')).find((f) => f.endsWith('.json'))!)
    const summary = join(dir, 'step-summary.md')
    writeFileSync(summary, '')
    const gate = await isobench(['run', '--scenario', 'bench/cold-start.json', '-r', '3', '-w', '0', '--out', 'results/head', '-q', '--baseline', baseline, '--compare-metric', 'memory_*', '--threshold', '200%'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary })
    expect(gate.stderr).not.toMatch(/internal error/)
    expect(gate.exitCode, gate.stdout + gate.stderr).toBe(0)
    expect(readFileSync(summary, 'utf8')).toMatch(/^### isobench compare: no regression$/m)
    expect(existsSync(join(project, 'results/head'))).toBe(true)
  })
})
