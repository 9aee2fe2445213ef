/**
 * The gate's options, shared by every command that compares (`compare`, `run --baseline`, and
 * `ab`): per-metric `--threshold`, `--summary FILE`, `--ignore-failure`. Add them with
 * withGateOptions(command) and read them with gateOptionsFrom(opts).
 */
import { Option, type Command, type OptionValues } from 'commander'
import { DEFAULT_THRESHOLD } from '../analysis/stats/compare.js'
import { parseThresholds, type MetricThreshold, type Thresholds } from '../compare/thresholds.js'

/** The gate's options as the commands take them. */
export interface GateFlags {
  threshold: number
  perMetric: readonly MetricThreshold[]
  /** The Markdown report's file; undefined: none. */
  summary: string | undefined
  ignoreFailure: boolean
}

/** Adds `-t/--threshold`, `--summary`/`--no-summary` and `-i/--ignore-failure` to a command. */
export function withGateOptions(command: Command, rule = 'regressed only when the whole 95% CI of current/baseline lies above 1 + threshold'): Command {
  return command
    .addOption(new Option('-t, --threshold <list>', `regression threshold: a percentage, metric=percent pairs (* matches any part), or both: cold_start_ms=50%,memory_*=10%,5%; ${rule}`)
      .argParser((value: string, previous: Thresholds | undefined) => parseThresholds(value, previous)))
    .option('--summary <file>', 'append the Markdown report to FILE (default: $GITHUB_STEP_SUMMARY when set), the table still goes to the terminal')
    .option('--no-summary', 'write no summary file, even on GitHub Actions')
    .option('-i, --ignore-failure', 'failed samples are reported but do not make the exit code 3', false)
}

/** The gate's flags from parsed options; `env` gives the $GITHUB_STEP_SUMMARY default. */
export function gateOptionsFrom(opts: OptionValues, env: Readonly<Record<string, string | undefined>> = process.env): GateFlags {
  const thresholds = opts.threshold as Thresholds | undefined
  const summary = opts.summary === false ? undefined : typeof opts.summary === 'string' ? opts.summary : env.GITHUB_STEP_SUMMARY || undefined
  return {
    threshold: thresholds?.default ?? DEFAULT_THRESHOLD,
    perMetric: thresholds?.perMetric ?? [],
    summary,
    ignoreFailure: Boolean(opts.ignoreFailure),
  }
}
