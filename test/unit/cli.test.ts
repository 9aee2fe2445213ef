/** cli.ts in-process, commands mocked: argv → a command's options, and each kind of error → its output and exit code. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { main, exitCodesHelp } from '../../src/cli.js'
import { abCommand } from '../../src/commands/ab.js'
import { compareCommand } from '../../src/commands/compare.js'
import { runCommand } from '../../src/commands/run.js'
import { schemaCommand } from '../../src/commands/schema.js'
import { EXIT, InternalError, UsageError } from '../../src/errors.js'
import { RELAXATION_NAMES } from '../../src/runtimes/hardening.js'

vi.mock('../../src/commands/schema.js', () => ({ schemaCommand: vi.fn() }))
vi.mock('../../src/commands/ab.js', async (original) => ({ ...(await original<object>()), abCommand: vi.fn() }))
vi.mock('../../src/commands/compare.js', async (original) => ({ ...(await original<object>()), compareCommand: vi.fn() }))
vi.mock('../../src/commands/run.js', async (original) => ({ ...(await original<object>()), runCommand: vi.fn() }))

let stderr = ''
let stdout = ''
beforeEach(() => {
  stderr = ''
  stdout = ''
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true))
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
})
afterEach(() => vi.restoreAllMocks())

const isobench = (...args: string[]) => main(['node', 'isobench', ...args])

describe('an unexpected exception is a bug: exit 70, never 1', () => {
  it('a TypeError thrown by a command prints "error: internal error:", the stack and a bug-report hint', async () => {
    vi.mocked(schemaCommand).mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'x')"))
    expect(await isobench('schema')).toBe(EXIT.internal)
    expect(stderr).toMatch(/^error: internal error: Cannot read properties of undefined \(reading 'x'\)\n/)
    expect(stderr).toMatch(/\n\s+at /) // the stack
    expect(stderr).toMatch(/^hint: this is a bug in isobench; please report it/m)
  })

  it('a thrown string is a bug too', async () => {
    vi.mocked(schemaCommand).mockRejectedValueOnce('no Error at all')
    expect(await isobench('schema')).toBe(70)
    expect(stderr).toMatch(/^error: internal error: no Error at all$/m)
  })

  it('an InternalError thrown on purpose keeps its message and exits 70', async () => {
    vi.mocked(schemaCommand).mockRejectedValueOnce(new InternalError('a state the scheduler thought impossible'))
    expect(await isobench('schema')).toBe(70)
    expect(stderr).toMatch(/^error: internal error: a state the scheduler thought impossible$/m)
  })
})

describe('user errors and verdicts keep their codes', () => {
  it('a UsageError from a command is one line and its hint, exit 2, no stack', async () => {
    vi.mocked(schemaCommand).mockRejectedValueOnce(new UsageError('result file x.json does not exist', 'pass the .json written by `isobench run`'))
    expect(await isobench('schema')).toBe(EXIT.usage)
    expect(stderr).toBe('error: result file x.json does not exist\nhint: pass the .json written by `isobench run`\n')
  })

  it.each([
    [['run', '-s', 'cold-start', '--runs', '0'], /^error: expected --runs to be an integer from 1/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['run'], /required option '-s, --scenario/],
  ])('bad input %j exits 2', async (args, message) => {
    expect(await isobench(...args)).toBe(2)
    expect(stderr).toMatch(message)
    expect(stderr).not.toMatch(/internal error|\n\s+at /)
  })

  it('a regression found by compare exits 1', async () => {
    vi.mocked(compareCommand).mockResolvedValueOnce(EXIT.regression)
    expect(await isobench('compare', 'base.json', 'head.json')).toBe(1)
    expect(stderr).toBe('')
  })

  it('--help exits 0 and lists every exit code', async () => {
    expect(await isobench('--help')).toBe(0)
    for (const code of Object.values(EXIT)) expect(exitCodesHelp()).toMatch(new RegExp(`\\b${code} `))
    expect(stdout).toContain(exitCodesHelp())
  })
})

describe('argv → the command options', () => {
  it('run maps its flags onto runCommand options', async () => {
    vi.mocked(runCommand).mockResolvedValueOnce(EXIT.partial)
    const code = await isobench('run', '-s', 'cold-start', '-R', 'isolate,process', '-r', '5', '-w', '0', '--memory', '256', '--no-harden', '--steps', '1,10')
    expect(code).toBe(EXIT.partial)
    expect(vi.mocked(runCommand).mock.lastCall![0]).toMatchObject({
      scenario: 'cold-start',
      runtimes: ['isolate', 'process'],
      runs: 5,
      warmup: 0,
      limits: { memoryMb: 256, relax: RELAXATION_NAMES },
      overrides: { steps: [1, 10] },
      gate: undefined,
    })
  })

  it('run and ab read the same limit options (one definition)', async () => {
    const limits = ['--memory', '96', '--timeout', '4000', '--pids-limit', '32', '--max-output', '64k', '--cpus', '1', '--relax', 'user']
    const expected = { memoryMb: 96, timeoutMs: 4000, pidsLimit: 32, maxOutputBytes: 65536, cpus: 1, relax: ['user'] }
    vi.mocked(runCommand).mockResolvedValueOnce(EXIT.ok)
    expect(await isobench('run', '-s', 'cold-start', ...limits)).toBe(0)
    expect(vi.mocked(runCommand).mock.lastCall![0].limits).toEqual(expected)
    vi.mocked(abCommand).mockResolvedValueOnce(EXIT.ok)
    expect(await isobench('ab', '-s', 'cold-start', '--base', '.', '--head', '.', ...limits)).toBe(0)
    expect(vi.mocked(abCommand).mock.lastCall![0].limits).toEqual(expected)
  })

  it('compare passes both files, the threshold and the format', async () => {
    vi.mocked(compareCommand).mockResolvedValueOnce(EXIT.ok)
    expect(await isobench('compare', 'a.json', 'b.json', '--threshold', '25%', '--format', 'md')).toBe(0)
    expect(vi.mocked(compareCommand).mock.lastCall![0]).toMatchObject({ baseline: 'a.json', current: 'b.json', threshold: 0.25, format: 'md' })
  })

  it('short flags follow hyperfine: -r runs, -w warmup; -R is the runtime', async () => {
    vi.mocked(runCommand).mockResolvedValueOnce(EXIT.ok)
    await isobench('run', '-s', 'cold-start', '-R', 'isolate', '-r', '7', '-w', '2', '-i', '--color', 'never')
    expect(vi.mocked(runCommand).mock.lastCall![0]).toMatchObject({ runtimes: ['isolate'], runs: 7, warmup: 2, ignoreFailure: true, color: false })
  })

  it('compare takes per-metric thresholds, a summary file and --ignore-failure', async () => {
    vi.mocked(compareCommand).mockResolvedValueOnce(EXIT.ok)
    await isobench('compare', 'a.json', 'b.json', '-t', 'cold_start_ms=50%,memory_*=10%', '--summary', 's.md', '-i', '-R', 'isolate')
    expect(vi.mocked(compareCommand).mock.lastCall![0]).toMatchObject({
      threshold: 0.1,
      perMetric: [{ pattern: 'cold_start_ms', threshold: 0.5 }, { pattern: 'memory_*', threshold: 0.1 }],
      summary: 's.md',
      ignoreFailure: true,
      runtimes: ['isolate'],
    })
  })
})
