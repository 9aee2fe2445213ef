/** A progress line on stderr: rewritten in place on a terminal, a few plain lines otherwise. */

/** What the run reports progress to. */
export interface Progress {
  update(label: string, done: number, total: number): void
  log(message: string): void
  done(): void
}

/** Options: `quiet` prints nothing; `stream` and `nowMs` are injectable for tests. */
export interface ProgressOptions {
  quiet: boolean
  stream?: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>
  nowMs?: () => number
}

/** Seconds as `42 s`, `3m05s` or `1h02m`: an ETA a person reads at a glance. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/**
 * `label: 6/21 samples (29%), 4 s elapsed, ETA 10 s`: the ETA from the mean time per sample timed so
 * far (`doneAtStart` samples were already done when the clock started, so they are not counted).
 */
export function progressText(label: string, done: number, total: number, elapsedS: number, doneAtStart = 0): string {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100
  const timed = done - doneAtStart
  const eta = timed > 0 && done < total ? `, ETA ${formatDuration((elapsedS / timed) * (total - done))}` : ''
  return `${label}: ${done}/${total} samples (${percent}%), ${formatDuration(elapsedS)} elapsed${eta}`
}

/** A progress reporter on stderr (or `stream`). */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr
  const nowMs = options.nowMs ?? Date.now
  const isTty = Boolean(stream.isTTY)
  let startedMs = nowMs()
  let lastKey = ''
  let lastDone = 0
  let doneAtStart = 0
  let lastQuarter = -1
  let lineOpen = false
  const clear = () => {
    if (lineOpen) stream.write('\r\x1b[K')
    lineOpen = false
  }
  return {
    update(label, done, total) {
      if (options.quiet) return
      // A new count starts the clock again: another scenario (`name [runtime]`), another total, or a count that went back.
      const key = `${label.split(' [')[0]}\u0000${total}`
      if (key !== lastKey || done < lastDone) {
        startedMs = nowMs()
        lastKey = key
        lastQuarter = -1
        doneAtStart = done
      }
      lastDone = done
      const text = progressText(label, done, total, (nowMs() - startedMs) / 1000, doneAtStart)
      if (isTty) {
        stream.write(`\r\x1b[K${text}`)
        lineOpen = true
      } else {
        // Not a terminal (CI logs): one line per quarter, not one per sample.
        const quarter = total > 0 ? Math.floor((done / total) * 4) : 4
        if (quarter !== lastQuarter) {
          lastQuarter = quarter
          stream.write(text + '\n')
        }
      }
    },
    log(message) {
      if (options.quiet) return
      clear()
      stream.write(message + '\n')
    },
    done() {
      clear()
    },
  }
}
