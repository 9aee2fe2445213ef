/** A progress line on stderr: rewritten in place on a terminal, a few plain lines otherwise. */
export interface Progress {
  update(label: string, done: number, total: number): void
  log(message: string): void
  done(): void
}

export function createProgress(options: { quiet: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr
  const isTty = Boolean(stream.isTTY)
  let startedMs = Date.now()
  let lastTotal = -1
  let lastQuarter = -1
  let lineOpen = false
  const clear = () => {
    if (lineOpen) stream.write('\r\x1b[K')
    lineOpen = false
  }
  return {
    update(label, done, total) {
      if (options.quiet) return
      if (total !== lastTotal) {
        startedMs = Date.now()
        lastTotal = total
        lastQuarter = -1
      }
      const elapsedS = (Date.now() - startedMs) / 1000
      const etaS = done > 0 ? (elapsedS / done) * (total - done) : NaN
      const text = `${label}: ${done}/${total} samples${Number.isFinite(etaS) ? `, ETA ${Math.ceil(etaS)} s` : ''}`
      if (isTty) {
        stream.write(`\r\x1b[K${text}`)
        lineOpen = true
      } else {
        const quarter = Math.floor((done / total) * 4)
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
