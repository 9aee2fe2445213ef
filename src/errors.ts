/** Exit codes and the error classes isobench throws; cli.ts turns any of them into its message and code. */

/** Exit codes isobench promises to scripts and CI. */
export const EXIT = {
  ok: 0,
  /** `compare`, `ab`, `run --baseline`: a regression was found. Nothing else exits 1. */
  regression: 1,
  /** Bad input or an unusable environment: the message says what to do. */
  usage: 2,
  /** The run finished but some samples or runtimes failed: the results are partial. */
  partial: 3,
  /** A bug in isobench: an exception nobody expected (EX_SOFTWARE in sysexits.h). */
  internal: 70,
  /** Interrupted by SIGINT (128 + 2). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15). */
  terminated: 143,
} as const

/** What each exit code means, in the words of `isobench --help`. */
export const EXIT_MEANINGS: Record<keyof typeof EXIT, string> = {
  ok: 'ok',
  regression: 'regression (compare, ab, run --baseline)',
  usage: 'bad input or unusable environment',
  partial: 'partial (some samples failed)',
  internal: 'internal error (a bug in isobench: please report it)',
  interrupted: 'interrupted (SIGINT)',
  terminated: 'terminated (SIGTERM)',
}

/** An error meant for the user: one line of message, one line of hint, an exit code. */
export class IsobenchError extends Error {
  readonly hint: string | undefined
  readonly exitCode: number
  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'IsobenchError'
    this.hint = options.hint
    this.exitCode = options.exitCode ?? EXIT.usage
  }
}

/** Bad command-line input or a bad file: exit 2. */
export class UsageError extends IsobenchError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: EXIT.usage })
    this.name = 'UsageError'
  }
}

/** A runtime that cannot run here (no Docker, isolated-vm not built): carries the fix. */
export class RuntimeUnavailableError extends IsobenchError {
  constructor(readonly runtime: string, reason: string, fix: string, cause?: unknown) {
    super(`${runtime} is not available: ${reason}`, { hint: fix, exitCode: EXIT.usage, cause })
    this.name = 'RuntimeUnavailableError'
    this.reason = reason
  }
  readonly reason: string
}

/**
 * A bug: a state the code thought impossible, or any exception that is not an IsobenchError
 * (`InternalError.from` wraps those). Exit 70, never 1, so a CI step that lets a regression
 * through cannot hide a crash. The stack is the original error's.
 */
export class InternalError extends Error {
  readonly exitCode = EXIT.internal
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'InternalError'
    const { cause } = options
    if (cause instanceof Error && cause.stack) this.stack = cause.stack
  }

  /** The InternalError for anything thrown that is not meant for the user. */
  static from(value: unknown): InternalError {
    if (value instanceof InternalError) return value
    return new InternalError(toError(value).message, { cause: value })
  }
}

/** Normalises anything thrown into an Error (workloads can throw strings). */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value
  return new Error(typeof value === 'string' ? value : JSON.stringify(value))
}

/** The one-line form of an error for a failed sample or a log line. */
export function errorLine(value: unknown): string {
  const message = toError(value).message
  return message.split('\n')[0] ?? message
}
