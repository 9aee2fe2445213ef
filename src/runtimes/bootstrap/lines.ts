/**
 * Lines of a stream with a cap on their length: what the harness accepts from an instance's
 * channel. A line longer than the cap is never buffered whole: the reader stops at the cap and says
 * so once (the owner fails the instance), so a sandbox cannot make the harness hold without end.
 */
import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

/** What a capped line reader reports. */
export interface LineEvents {
  line(text: string): void
  /** A line passed `maxChars` characters; nothing more is read. */
  overflow(maxChars: number): void
  /** The stream ended (or failed). */
  close(): void
}

/** Reads `stream` as UTF-8 lines of at most `maxChars` characters each; returns a function that stops reading. */
export function readCappedLines(stream: Readable, maxChars: number, events: LineEvents): () => void {
  const decoder = new StringDecoder('utf8')
  let buffered = ''
  let done = false
  const finish = () => {
    if (done) return
    done = true
    stream.off('data', onData)
    events.close()
  }
  const onData = (chunk: Buffer | string) => {
    if (done) return
    let text = buffered + (typeof chunk === 'string' ? chunk : decoder.write(chunk))
    let newline: number
    while ((newline = text.indexOf('\n')) >= 0) {
      const line = text.slice(0, newline)
      text = text.slice(newline + 1)
      if (line.length > maxChars) return overflow()
      events.line(line.endsWith('\r') ? line.slice(0, -1) : line)
      if (done) return
    }
    if (text.length > maxChars) return overflow()
    buffered = text
  }
  const overflow = () => {
    buffered = ''
    events.overflow(maxChars)
    stream.resume() // drained, not kept: the owner is failing the instance
    finish()
  }
  stream.on('data', onData)
  stream.once('end', () => {
    if (!done && buffered) events.line(buffered)
    finish()
  })
  stream.once('error', finish)
  stream.once('close', finish)
  return finish
}
