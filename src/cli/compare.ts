/** `isobench compare`'s wiring: two result files (or comma-separated runs), the gate's options → compareCommand. */
import { Option, type Command } from 'commander'
import { compareCommand } from '../commands/compare.js'
import { COMPARE_FORMATS } from '../commands/gate.js'
import { parseMetricList, parseNameList } from '../options.js'
import { colorOption, colorWanted, isGithubActions, type Exit } from './common.js'
import { gateOptionsFrom, withGateOptions } from './gate-options.js'
import { COMPARE_HELP } from './help.js'

/** `isobench compare BASELINE CURRENT`. */
export function addCompare(program: Command, exit: Exit): void {
  withGateOptions(program
    .command('compare')
    .description('compare a result with a baseline: per scenario × runtime × metric, the ratio of medians current/baseline with its 95% bootstrap CI and a verdict (improved, unchanged, regressed, inconclusive); exit 1 on regression')
    .argument('<baseline>', 'baseline result (.json written by isobench run); a,b,c pools alternated runs')
    .argument('<current>', 'current result (.json written by isobench run); a,b,c pools alternated runs')
    .option('-m, --metric <list>', 'metrics to compare, or all (default: every metric in both but the diagnostic ones: phase_*, teardown_ms, *_pss_bytes)', parseMetricList('--metric'))
    .option('-R, --runtime <list>', 'only these runtimes (default: every runtime measured in both)', parseNameList('--runtime', 'process,isolate'))
    .addOption(new Option('-f, --format <format>', 'output: a terminal table, Markdown (for PR comments) or JSON').choices(COMPARE_FORMATS).default('table'))
    .addOption(colorOption()))
    .addHelpText('after', COMPARE_HELP)
    .action(async (baseline: string, current: string, opts) => {
      exit(await compareCommand({
        ...gateOptionsFrom(opts),
        baseline,
        current,
        metrics: opts.metric,
        runtimes: opts.runtime,
        format: opts.format,
        color: colorWanted(opts.color),
        githubActions: isGithubActions(),
      }))
    })
}

