/** Exit codes isobench promises to scripts and CI. */
export const EXIT = {
  ok: 0,
  /** `compare`: a regression was found. */
  regression: 1,
  /** Bad input or an unusable environment: the message says what to do. */
  usage: 2,
  /** The run finished but some samples or runtimes failed: the results are partial. */
  partial: 3,
  /** Interrupted by SIGINT (128 + 2). */
  interrupted: 130,
} as const

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
