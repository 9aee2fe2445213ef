/** `isobench ab`'s wiring: base and head variants of one scenario, interleaved, with the gate's options (hyperfine's short flags) → abCommand. */
import { Option, type Command } from 'commander'
import { abCommand } from '../commands/ab.js'
import { COMPARE_FORMATS } from '../commands/gate.js'
import { parseRuntimeList } from '../commands/run.js'
import { AB_STOPPING, DEFAULT_OUT_DIR, parseIntegerOption, parseMetricList, parseRunId } from '../options.js'
import { colorOption, colorWanted, isGithubActions, limitsFrom, nodeOption, stoppingFrom, withLimitOptions, withPrecisionOptions, type Exit } from './common.js'
import { gateOptionsFrom, withGateOptions } from './gate-options.js'
import { AB_HELP } from './help.js'

/** `isobench ab -s SCENARIO --base VARIANT --head VARIANT`. */
export function addAb(program: Command, exit: Exit): void {
  withGateOptions(withLimitOptions(withPrecisionOptions(program
    .command('ab')
    .description('measure two variants of a scenario (base, head) interleaved in one run and compare them pair by pair: exit 1 on a regression'), AB_STOPPING))
    .requiredOption('-s, --scenario <name|file>', 'a cold-start scenario: a shipped name or a path (resolved inside each directory variant)')
    .requiredOption('--base <variant>', 'the base: a directory (e.g. a git worktree), node=PATH, image=NAME or workload=FILE')
    .requiredOption('--head <variant>', 'the head, the same kinds as --base (e.g. .)')
    .option('-R, --runtime <list>', 'comma-separated runtimes, or all; naming one makes it required on both sides (default: the scenario\'s)', parseRuntimeList)
    .option('-r, --runs <n>', 'rounds (each one sample of base and head per runtime; default: the scenario\'s)', parseIntegerOption('--runs', 1))
    .option('-w, --warmup <n>', 'warm-up rounds, discarded (default: the scenario\'s)', parseIntegerOption('--warmup', 0))
    .option('-m, --metric <list>', 'metrics to compare, or all (default: all but phase_*, teardown_ms and *_pss_bytes)', parseMetricList('--metric'))
    .addOption(new Option('-f, --format <format>', 'output: a terminal table, Markdown or JSON').choices(COMPARE_FORMATS).default('table'))
    .option('-o, --out <dir>', 'directory for <timestamp>-<scenario>-base.json, -head.json and -ab.json', DEFAULT_OUT_DIR)
    .option('-q, --quiet', 'no progress or file lines on stderr', false)
    .option('--pool <n>', 'add a <runtime>+pool row beside each runtime', parseIntegerOption('--pool', 1, 64))
    .option('--image <name>', 'container image for both sides (image=NAME in a variant overrides it)')
    .addOption(nodeOption())
    .option('--run-id <id>', 'label for this run\'s containers (isobench=<id>)', parseRunId('--run-id'))
    .addOption(colorOption()), 'regressed only when the 99% CI of head/base lies wholly above 1 (significant) and the ratio above 1 + threshold')
    .addHelpText('after', AB_HELP)
    .action(async (opts) => {
      exit(await abCommand({
        ...gateOptionsFrom(opts),
        scenario: opts.scenario,
        base: opts.base,
        head: opts.head,
        rows: opts.runtime,
        pool: opts.pool,
        runs: opts.runs,
        warmup: opts.warmup,
        precision: stoppingFrom(opts, AB_STOPPING),
        metrics: opts.metric,
        format: opts.format,
        color: colorWanted(opts.color),
        githubActions: isGithubActions(),
        out: opts.out,
        quiet: opts.quiet,
        nodePath: opts.node,
        image: opts.image,
        limits: limitsFrom(opts),
        runId: opts.runId,
      }))
    })
}
