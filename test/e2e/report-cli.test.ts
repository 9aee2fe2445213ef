import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers.js'
import { BIN, runCli } from './cli.js'
import { coldStartRun } from './report-helpers.js'

// A real run (isolate and process: quick; docker's rows are covered by the browser test).
let dir = ''
let resultPath = ''

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isobench-report-'))
  resultPath = await coldStartRun(dir, ['--runtime', 'isolate,process', '--runs', '3', '--warmup', '1'])
})

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('run --out and isobench report', () => {
  it('writes every format next to each other, named by stamp and scenario', () => {
    const names = readdirSync(dir).sort()
    const base = names.find((name) => name.endsWith('.json'))!.replace(/\.json$/, '')
    expect(base).toMatch(/^\d{8}T\d{6}Z-cold-start$/)
    expect(names).toEqual([`${base}-samples.csv`, `${base}.csv`, `${base}.html`, `${base}.json`, `${base}.md`].sort())
  })

  it('saves JSON that validates against the shipped schema (and so does the committed baseline)', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/result.schema.json'), 'utf8')) as object
    const validate = new Ajv2020({ allErrors: true }).compile(schema)
    for (const name of readdirSync(join(ROOT, 'results/baselines')).filter((file) => file.endsWith('.json'))) {
      const baseline = JSON.parse(readFileSync(join(ROOT, 'results/baselines', name), 'utf8')) as object
      expect(validate(baseline), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true)
    }
    const result = JSON.parse(readFileSync(resultPath, 'utf8')) as { scenarios: Array<{ runtimes: Array<{ samples: Array<{ metrics: object }> }> }> }
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true)
    // and the raw-samples CSV has one line per sample and metric
    const rows = result.scenarios.flatMap((s) => s.runtimes.flatMap((r) => r.samples.map((sample) => Math.max(1, Object.keys(sample.metrics).length))))
    const csv = readFileSync(resultPath.replace(/\.json$/, '-samples.csv'), 'utf8').trimEnd().split('\n')
    expect(csv).toHaveLength(1 + rows.reduce((a, b) => a + b, 0))
  })

  it('renders the saved result in each format, the same as the files run wrote', async () => {
    for (const [format, suffix] of [['md', '.md'], ['csv', '.csv'], ['samples-csv', '-samples.csv'], ['json', '.json']] as const) {
      const report = await runCli(['report', resultPath, '--format', format])
      expect(report.code, report.stderr).toBe(0)
      expect(report.stdout).toBe(readFileSync(resultPath.replace(/\.json$/, suffix), 'utf8'))
    }
    const table = await runCli(['report', resultPath])
    expect(table.stdout).toMatch(/│ isolate │ 3 /)
  })

  it('writes --out with the format its extension names, and says so unless --quiet', async () => {
    const out = join(dir, 'out', 'page.html')
    const written = await runCli(['report', resultPath, '--out', out])
    expect(written.code).toBe(0)
    expect(written.stderr).toBe(`wrote ${out} (html)\n`)
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/)
    const quiet = await runCli(['report', resultPath, '--out', join(dir, 'out', 'page.md'), '--quiet'])
    expect(quiet.stderr).toBe('')
    expect(readFileSync(join(dir, 'out', 'page.md'), 'utf8')).toMatch(/^## isobench results/)
  })

  it('answers bad input with one line and a hint, exit 2', async () => {
    const truncated = join(dir, 'out', 'truncated.json')
    writeFileSync(truncated, readFileSync(resultPath, 'utf8').slice(0, 200))
    for (const file of [join(dir, 'missing.json'), truncated]) {
      const report = await runCli(['report', file, '--format', 'md'])
      expect(report.code).toBe(2)
      expect(report.stdout).toBe('')
      expect(report.stderr).toMatch(/^error: .+\nhint: .+\n$/)
    }
  })

  it('colours the table only on a terminal and not under NO_COLOR', async () => {
    // `script` runs the CLI with a pseudo-terminal as its stdout.
    // A terminal's environment: cli-table3's colour library also turns colour off under CI=… or without TERM.
    const { NO_COLOR: _ignored, CI: _ci, ...env } = process.env
    const onTty = (extra: Record<string, string>) =>
      execa('script', ['-qec', `${BIN} report ${resultPath} --format table`, '/dev/null'], { reject: false, extendEnv: false, env: { ...env, TERM: 'xterm-256color', ...extra } })
    expect(String((await onTty({})).stdout)).toContain('\x1b[')
    expect(String((await onTty({ NO_COLOR: '1' })).stdout)).not.toContain('\x1b[')
    expect((await runCli(['report', resultPath, '--format', 'table'], { NO_COLOR: undefined })).stdout).not.toContain('\x1b[')
  })
})
