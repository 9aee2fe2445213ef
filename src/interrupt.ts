/**
 * SIGINT and SIGTERM during a command. The first one aborts (the command stops after the sample in
 * flight, stops every instance and keeps what was measured); a second one means "now": a last
 * cleanup of the run's instances, containers and temp files, bounded in time, then exit.
 */
import { EXIT } from './errors.js'
import { removeTempDirsSync } from './temp.js'

/** 128 + the signal number, the shell's convention. */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated }
/** How long the forced cleanup of a second signal may take before isobench exits anyway. */
export const FORCED_CLEANUP_MS = 10_000

/** The signals of one command: abort signal, the exit code they ask for, and disposal. */
export interface Interruption {
  readonly signal: AbortSignal
  /** 130 after SIGINT, 143 after SIGTERM; undefined when no signal came. */
  exitCode(): number | undefined
  /** Stops listening (the default behaviour of the signals comes back, unless a signal came). */
  dispose(): void
}

export interface InterruptOptions {
  log: (message: string) => void
  /** Stops everything the command started (live instances, the run's containers). Never rejects. */
  stop: () => Promise<void>
  /** Exits the process after a second signal (injectable for tests). */
  exit?: (code: number) => void
  /** Nothing worth keeping is under way (an image build): the first signal already exits. */
  exitOnFirst?: boolean
}

/** Listens for SIGINT/SIGTERM until disposed. */
export function watchInterrupts(options: InterruptOptions): Interruption {
  const controller = new AbortController()
  const exit = options.exit ?? ((code: number) => process.exit(code))
  let code: number | undefined
  let disposed = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (code !== undefined && disposed) {
      // Everything is stopped already; the command is only writing what it measured.
      removeTempDirsSync()
      exit(code)
      return
    }
    if (code !== undefined || options.exitOnFirst) {
      code ??= SIGNAL_EXIT[signal] ?? EXIT.interrupted
      options.log(`${signal}${options.exitOnFirst ? '' : ' again'}: removing what was started, then exiting`)
      let timer: NodeJS.Timeout | undefined
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, FORCED_CLEANUP_MS)))
      void Promise.race([options.stop().catch(() => {}), deadline]).then(() => {
        clearTimeout(timer)
        removeTempDirsSync()
        exit(code!)
      })
      return
    }
    code = SIGNAL_EXIT[signal] ?? EXIT.interrupted
    options.log(`${signal}: stopping every instance, keeping what was measured (again to exit at once)`)
    controller.abort()
    void options.stop().catch(() => {})
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose() {
      disposed = true
      if (code !== undefined) return // after a signal, a second one still means "exit now"
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}
