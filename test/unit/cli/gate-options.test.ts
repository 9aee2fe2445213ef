/** The gate's options as compare, run --baseline and ab read them: thresholds, the summary file and --ignore-failure. */
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { gateOptionsFrom, withGateOptions } from '../../../src/cli/gate-options.js'

function parse(args: string[], env: Record<string, string> = {}) {
  const command = withGateOptions(new Command('x').exitOverride())
  command.parse(args, { from: 'user' })
  return gateOptionsFrom(command.opts(), env)
}

describe('gateOptionsFrom', () => {
  it('defaults to 10%, no summary, failures failing', () => {
    expect(parse([])).toEqual({ threshold: 0.1, perMetric: [], summary: undefined, ignoreFailure: false })
  })

  it('takes per-metric thresholds, repeated or comma-separated, and -i', () => {
    expect(parse(['-t', 'cold_start_ms=50%', '--threshold', 'memory_*=10%,5%', '-i'])).toEqual({
      threshold: 0.05,
      perMetric: [{ pattern: 'cold_start_ms', threshold: 0.5 }, { pattern: 'memory_*', threshold: 0.1 }],
      summary: undefined,
      ignoreFailure: true,
    })
  })

  it('writes the summary to $GITHUB_STEP_SUMMARY when set, to --summary FILE when given, nowhere with --no-summary', () => {
    const env = { GITHUB_STEP_SUMMARY: '/tmp/step-summary' }
    expect(parse([], env).summary).toBe('/tmp/step-summary')
    expect(parse(['--summary', 'mine.md'], env).summary).toBe('mine.md')
    expect(parse(['--no-summary'], env).summary).toBeUndefined()
    expect(parse([], { GITHUB_STEP_SUMMARY: '' }).summary).toBeUndefined()
  })
})
