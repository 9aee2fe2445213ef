/** A deadline for any wait on something outside the harness (a child, a daemon, an isolate), so none can hang a run. */

/** Rejects after `ms` with the message; for waits that must not hang a run. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
