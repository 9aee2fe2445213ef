/**
 * Real workloads through the built CLI on the real runtimes: a TypeScript handler with an installed
 * dependency runs everywhere with the same output; a 50 MB answer and a BigInt answer fail their
 * samples with the sandbox's own message in every runtime while the harness survives, writes its
 * files and exits 3; bad workloads are one line, exit 2, and leave no bundle behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/result.js'
import { REQUIRE_DOCKER, REQUIRE_PLATFORMS } from '../helpers.js'
import { runCli } from './cli.js'

const dir = mkdtempSync(join(tmpdir(), 'isobench-workloads-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const EVERY = ['docker', 'process', 'isolate', 'workerd', 'deno', 'wasm', 'vm', 'worker']

function file(name: string, content: string): string {
  const path = join(dir, name)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content)
  return path
}

// A user's project: package.json, a dependency as npm installs it, handler.ts.
file('project/package.json', JSON.stringify({ name: 'project', private: true, dependencies: { slugs: '1.0.0' } }))
file('project/node_modules/slugs/package.json', JSON.stringify({ name: 'slugs', version: '1.0.0', main: 'index.cjs' }))
file('project/node_modules/slugs/index.cjs', 'exports.slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")\n')
file('project/handler.ts', 'import { slug } from "slugs"\ninterface Post { title: string; tags: string[] }\nexport default function handler(input: Post) {\n  return { slug: slug(input.title), tags: input.tags.map(slug) }\n}\n')
file('project/big.js', 'export default function handler() { return "x".repeat(50_000_000) }\n')
file('project/bigint.js', 'export default function handler() { return { a: [1, { x: 10n }] } }\n')

function scenario(name: string, workload: string, extra: Record<string, unknown> = {}): string {
  return file(`project/${name}.json`, JSON.stringify({ name, measure: 'cold-start', workload, input: { title: 'Hello, World!', tags: ['A B', 'c'] }, runs: 2, warmup: 0, runtimes: EVERY, ...extra }))
}

async function run(scenarioPath: string, out: string, extra: string[] = []) {
  const result = await runCli(['run', '-s', scenarioPath, '--out', out, '--quiet', ...extra], { NO_COLOR: '1' })
  const files = existsSync(out) ? readdirSync(out) : []
  const record = files.find((f) => f.endsWith('.json'))
  return { result, files, record: record ? (JSON.parse(readFileSync(join(out, record), 'utf8')) as RunResult) : undefined }
}

/** The rows that ran; in CI (REQUIRE_*) none of the platforms may be skipped. */
function ranRows(record: RunResult) {
  const rows = record.scenarios[0]!.runtimes
  for (const row of rows) {
    const required = row.runtime === 'docker' ? REQUIRE_DOCKER : REQUIRE_PLATFORMS
    if (required) expect(row.status, `${row.runtime}: ${row.reason}`).not.toBe('skipped')
  }
  return rows.filter((row) => row.status !== 'skipped')
}

describe('a TypeScript handler with a dependency, bundled once', () => {
  it('runs in every available runtime with numbers in every row and the same output', async () => {
    const { result, record } = await run(scenario('own', 'handler.ts'), join(dir, 'out-own'))
    expect(result.code, result.stderr).toBe(0)
    const rows = ranRows(record!)
    expect(rows.length).toBeGreaterThanOrEqual(4)
    for (const row of rows) {
      expect(row.status, `${row.runtime}: ${row.reason}`).toBe('ok')
      expect(row.summaries.find((s) => s.metric === 'cold_start_ms')?.n).toBe(2)
      expect(row.output).toEqual({ slug: 'hello-world', tags: ['a-b', 'c'] })
    }
    const workload = record!.scenarios[0]!.workload
    expect(workload).toMatchObject({ path: join(dir, 'project/handler.ts'), bundled: true })
    expect((record!.environment.bundles as Record<string, { sha256: string; bytes: number }>)[workload.path]).toMatchObject({ sha256: workload.sha256, bytes: workload.bytes })
    expect(result.stdout).not.toMatch(/outputs differ/)
  })
})

describe('answers that are too big or not JSON', () => {
  it.each([
    ['a 50 MB string', 'big.js', /^output of 50000002 bytes exceeds --max-output \(1048576 bytes\)$/],
    ['a BigInt', 'bigint.js', /^output is not JSON: BigInt at \$\.a\[1\]\.x$/],
  ])('%s fails every sample with the sandbox\'s message; the harness writes its files and exits 3', async (_what, workload, message) => {
    const out = join(dir, `out-${workload}`)
    const { result, files, record } = await run(scenario(workload.replace('.js', ''), workload), out)
    expect(result.code, result.stderr).toBe(3)
    expect(files.filter((f) => /\.(json|csv|md|html)$/.test(f)).length).toBe(5)
    for (const row of ranRows(record!)) {
      expect(row.samples.length, row.runtime).toBe(2)
      for (const sample of row.samples) expect(sample.error, row.runtime).toMatch(message)
    }
  })
})

describe('bad workloads: one line, exit 2, nothing left behind', () => {
  const bundlesLeft = () => readdirSync(tmpdir()).filter((name) => name.startsWith('isobench-bundle-')).length
  it.each([
    ['a missing dependency', 'import x from "nowhere"\nexport default () => x\n', /cannot find package "nowhere" \(looked in node_modules from .*project upwards\)/],
    ['a syntax error', 'export default function (input: string {\n}\n', /bad-error\.ts:1:\d+: Expected/],
    ['a Node built-in', 'import { readFileSync } from "node:fs"\nexport default () => readFileSync("/etc/hostname", "utf8")\n', /imports the Node built-in "node:fs"/],
    ['no default export', 'import { slug } from "slugs"\nexport const handler = slug\n', /the workload has no default export/],
    ['a default export that is not a function', 'import { slug } from "slugs"\nexport default { slug }\n', /the default export is object, not a function/],
  ])('%s', async (what, source, message) => {
    const name = `bad-${what.split(' ').at(-1)}`
    file(`project/${name}.ts`, source)
    const before = bundlesLeft()
    const result = await runCli(['run', '-s', scenario(name, `${name}.ts`), '--out', join(dir, 'out-bad'), '--runtime', 'process,isolate'], { NO_COLOR: '1' })
    expect(result.code, result.stderr).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines[0]).toMatch(/^error: /)
    expect(lines[0]).toMatch(message)
    expect(lines.length).toBeLessThanOrEqual(2)
    expect(bundlesLeft()).toBe(before)
  })

  it('runs a Node-only workload only where Node\'s APIs are, the others skipped with the reason', async () => {
    file('project/node-only.ts', 'import { hostname } from "node:os"\nexport default () => typeof hostname()\n')
    const { result, record } = await run(scenario('node-only', 'node-only.ts', { platform: 'node', runtimes: ['process', 'isolate', 'wasm'] }), join(dir, 'out-node'))
    expect(result.code, result.stderr).toBe(0)
    const rows = record!.scenarios[0]!.runtimes
    expect(rows.find((r) => r.runtime === 'process')).toMatchObject({ status: 'ok', output: 'string' })
    expect(rows.find((r) => r.runtime === 'isolate')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/needs Node's APIs/) })
  })
})
