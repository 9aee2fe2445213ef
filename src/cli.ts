/**
 * Command-line entry: builds the program from the per-command wiring in src/cli/ and is the one
 * catch site: every error ends in `main`, which prints it and picks the exit code.
 */
import { Command, CommanderError } from 'commander'
import { addAb } from './cli/ab.js'
import { addCompare } from './cli/compare.js'
import type { Exit } from './cli/common.js'
import { exitCodesHelp, MAIN_HELP } from './cli/help.js'
import { addRun } from './cli/run.js'
import { addClean, addDoctor, addImage, addInit, addList, addMerge, addReport, addSchema } from './cli/tools.js'
import { TOOL_VERSION } from './environment.js'
import { EXIT, InternalError, IsobenchError } from './errors.js'
import { oneLine } from './format.js'

export { exitCodesHelp }

/** The subcommands, in the order `--help` lists them. */
const SUBCOMMANDS: readonly ((program: Command, exit: Exit) => void)[] = [addRun, addAb, addCompare, addReport, addMerge, addSchema, addList, addDoctor, addImage, addClean, addInit]

/** Builds the program; `exit` receives the exit code of the command that ran. */
export function buildProgram(exit: Exit): Command {
  const program = new Command('isobench')
    .description('What does isolation cost? Runs the same JavaScript workload as a Docker container, a Node child\nprocess and a V8 isolate, and compares cold start, warm latency and memory side by side.')
    .version(TOOL_VERSION)
    .showSuggestionAfterError(true)
    .addHelpText('after', `${MAIN_HELP}\n${exitCodesHelp()}`)
  for (const add of SUBCOMMANDS) add(program, exit)
  return program
}

/**
 * Prints an error and returns its exit code: a user error as one line plus its hint; anything
 * else is a bug (InternalError, exit 70): its message, the stack and a request for a bug report.
 */
function printError(error: unknown): number {
  if (error instanceof IsobenchError) {
    process.stderr.write(`error: ${oneLine(error.message)}\n`)
    if (error.hint) process.stderr.write(`hint: ${oneLine(error.hint)}\n`)
    return error.exitCode
  }
  if (error instanceof CommanderError) {
    // commander already printed its one-line message; help and version are not errors
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage
  }
  const internal = InternalError.from(error)
  process.stderr.write(`error: internal error: ${oneLine(internal.message)}\n${internal.stack ?? ''}\n`)
  process.stderr.write('hint: this is a bug in isobench; please report it with the command line, the output above and `isobench doctor --json`\n')
  return internal.exitCode
}

/** Runs isobench on argv (node, script, args...) and returns the exit code; every error ends here. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok
  const program = buildProgram((c) => (code = c))
  const override = (command: Command): void => {
    command.exitOverride()
    command.commands.forEach(override)
  }
  override(program)
  try {
    await program.parseAsync(argv)
  } catch (error) {
    code = printError(error)
  }
  return code
}

/** The process entry (bin/isobench.js): a crash outside any command, e.g. an unhandled rejection, exits 70 too. */
export async function runCli(argv: string[]): Promise<void> {
  process.on('uncaughtException', (error) => process.exit(printError(error)))
  process.exitCode = await main(argv)
}
