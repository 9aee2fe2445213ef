/** The wiring of the smaller commands: report, merge, schema, list, doctor, image build, clean, init. */
import { Option, type Command } from 'commander'
import { cleanCommand } from '../commands/clean.js'
import { doctorCommand } from '../commands/doctor.js'
import { imageBuildCommand, vmImageBuildCommand } from '../commands/image.js'
import { initCommand } from '../commands/init.js'
import { listCommand } from '../commands/list.js'
import { mergeCommand } from '../commands/merge.js'
import { reportCommand } from '../commands/report.js'
import { schemaCommand } from '../commands/schema.js'
import { DEFAULT_OUT_DIR, parseRunId } from '../options.js'
import { FORMAT_NAMES } from '../report/formats.js'
import { colorOption, colorWanted, dockerHostOption, nodeOption, type Exit } from './common.js'
import { MERGE_HELP, REPORT_HELP } from './help.js'

/** `isobench report`. */
export function addReport(program: Command, exit: Exit): void {
  program
    .command('report')
    .description('render a saved result as a table, CSV, JSON, Markdown or a self-contained HTML page with charts')
    .argument('<result.json>', 'a result file written by `isobench run`')
    .addOption(new Option('-f, --format <format>', 'output format (default: from --out\'s extension, else table)').choices(FORMAT_NAMES))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('-q, --quiet', 'no "wrote" line on stderr', false)
    .option('--reference-host <name>', 'a merged result: the host the others are divided by (default: the first)')
    .option('--claims-detail', 'after the claims matrix, one row per claim and runtime with the figure, its 95% CI and the criterion', false)
    .addOption(colorOption())
    .addHelpText('after', REPORT_HELP)
    .action(async (file: string, opts) => {
      exit(await reportCommand({ file, format: opts.format, out: opts.out, quiet: opts.quiet, color: colorWanted(opts.color), referenceHost: opts.referenceHost, claimsDetail: opts.claimsDetail }))
    })
}

/** `isobench merge RESULT...`. */
export function addMerge(program: Command, exit: Exit): void {
  program
    .command('merge')
    .description('merge results from many hosts (or runs) into one result with a host dimension: per scenario a runtime × host table, each host against a reference host')
    .argument('<results...>', 'result files (.json written by isobench run or merge); NAME=file names the host')
    .option('-o, --out <dir>', 'directory for <stamp>-merged.json, .csv, -samples.csv, .md and .html', DEFAULT_OUT_DIR)
    .option('--reference-host <name>', 'the host the others are divided by (default: the first)')
    .option('--json', 'print the merged result as JSON on stdout instead of the table', false)
    .option('-q, --quiet', 'no "merged" line on stderr', false)
    .addOption(colorOption())
    .addHelpText('after', MERGE_HELP)
    .action(async (files: string[], opts) => {
      exit(await mergeCommand({ files, out: opts.out, referenceHost: opts.referenceHost, json: opts.json, quiet: opts.quiet, color: colorWanted(opts.color) }))
    })
}

/** `isobench schema`. */
export function addSchema(program: Command, exit: Exit): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors: "$schema": "<path to it>")')
    .action(async () => exit(await schemaCommand()))
}

/** `isobench list [--json]`. */
export function addList(program: Command, exit: Exit): void {
  program
    .command('list')
    .description('list the shipped scenarios and the runtimes, with whether each is available here and how to fix it')
    .addOption(nodeOption())
    .addOption(dockerHostOption())
    .option('--json', 'print the scenarios and runtimes as JSON (name, measure, workload; availability, version, reason, fix)', false)
    .action(async (opts) => exit(await listCommand({ nodePath: opts.node, dockerHost: opts.dockerHost, json: opts.json })))
}

/** `isobench doctor [--strict] [--json]`. */
export function addDoctor(program: Command, exit: Exit): void {
  program
    .command('doctor')
    .description('print the environment every result records, and what is missing here with how to fix it (exit 0 every required part there, optional ones missing are warnings; 3 a required part missing, or with --strict anything; 2 no runtime)')
    .addOption(nodeOption())
    .addOption(dockerHostOption())
    .option('--json', 'print the environment and checks as JSON', false)
    .option('--strict', 'exit 3 when anything is missing, optional parts included', false)
    .action(async (opts) => exit(await doctorCommand({ nodePath: opts.node, json: opts.json, strict: opts.strict, dockerHost: opts.dockerHost })))
}

/** `isobench image build [--vm] [--self]`. */
export function addImage(program: Command, exit: Exit): void {
  program
    .command('image')
    .description('manage the local container image and the qemu guest')
    .command('build')
    .description('build the local node image from a node binary and its libraries (docker import; no registry); --vm: the qemu guest; --self: an image holding isobench itself')
    .addOption(nodeOption())
    .addOption(dockerHostOption())
    .option('--vm', 'build the qemu guest (initramfs + node disk) and time its machine types, instead of the docker image', false)
    .option('--kernel <path>', 'with --vm: the guest kernel (default: the newest /boot/vmlinuz-*)')
    .option('--self', 'build isobench-self:<version>-<node>: this node, dist/ and production node_modules (isolated-vm built for this node); `docker run --rm IMAGE run -s cold-start` runs isobench there', false)
    .action(async (opts) => exit(await (opts.vm ? vmImageBuildCommand({ nodePath: opts.node, kernelPath: opts.kernel }) : imageBuildCommand({ nodePath: opts.node, dockerHost: opts.dockerHost, self: opts.self }))))
}

/** `isobench clean [--run ID]`. */
export function addClean(program: Command, exit: Exit): void {
  program
    .command('clean')
    .description('remove what killed runs left: containers labelled isobench, child processes and their cgroups')
    .option('--run <id>', "only this run's containers (the runId in its result file)", parseRunId('--run'))
    .addOption(nodeOption())
    .addOption(dockerHostOption())
    .action(async (opts) => exit(await cleanCommand({ nodePath: opts.node, runId: opts.run, dockerHost: opts.dockerHost })))
}

/** `isobench init [--force]`. */
export function addInit(program: Command, exit: Exit): void {
  program
    .command('init')
    .description('scaffold isobench in this project: bench/cold-start.json, bench/handler.js, .github/workflows/isobench.yml and package.json allowScripts for isolated-vm; never overwrites without --force')
    .option('--force', 'overwrite the scaffolded files that exist', false)
    .option('--dir <path>', 'the project directory', '.')
    .action(async (opts) => exit(await initCommand({ dir: opts.dir, force: opts.force })))
}
