/** The harness's capped line reader: lines pass, one over the cap fails once and is never buffered whole. */
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readCappedLines } from '../../../../src/runtimes/bootstrap/lines.js'

function reader(maxChars: number) {
  const stream = new PassThrough()
  const seen = { lines: [] as string[], overflows: [] as number[], closed: 0 }
  readCappedLines(stream, maxChars, { line: (l) => seen.lines.push(l), overflow: (n) => seen.overflows.push(n), close: () => seen.closed++ })
  return { stream, seen }
}

describe('readCappedLines', () => {
  it('splits lines across chunks and multi-byte characters', async () => {
    const { stream, seen } = reader(100)
    const bytes = Buffer.from('{"a":1}\n{"é":"中"}\r\nlast')
    stream.write(bytes.subarray(0, 11))
    stream.write(bytes.subarray(11))
    stream.end()
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual({ lines: ['{"a":1}', '{"é":"中"}', 'last'], overflows: [], closed: 1 })
  })

  it('reports a line over the cap once, even before its newline arrives, and stops', async () => {
    const { stream, seen } = reader(10)
    stream.write('short\n')
    stream.write('x'.repeat(11))
    stream.write('more\nnext\n')
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual({ lines: ['short'], overflows: [10], closed: 1 })
  })
})
