import { describe, expect, it } from 'vitest'
import { messageIn, summarizeStderr } from '../../../../src/runtimes/bootstrap/channel.js'

describe('summarizeStderr picks the line that says why a node died', () => {
  it('a V8 fatal error (heap limit) wins over the native stack under it', () => {
    // Reference: node 20 output when --max-old-space-size is reached (abridged).
    const text = '\n<--- Last few GCs --->\n[1:0x5]  120 ms: Mark-Compact 127.9 (130.6) -> 127.5 (131.1) MB\n\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb8 node::Abort() [node]\n14: 0x12cbb55 v8::internal::Runtime_NewArray [node]\n'
    expect(summarizeStderr(text)).toBe('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')
  })

  it("V8's own fatal OOM banner (a snapshot creator's isolate past --max-heap-size): its line, without the #s", () => {
    // Reference: node 20.20.2 with --max-heap-size=64, isolated-vm createSnapshot of an endless allocation (abridged).
    const text = '[448:0x2e5f39a0]  1740 ms: Mark-Compact 63.8 (66.3) -> 63.8 (66.3) MB\n\n\n<--- JS stacktrace --->\n\n\n#\n# Fatal javascript OOM in Reached heap limit\n#\n\n'
    expect(summarizeStderr(text)).toBe('Fatal javascript OOM in Reached heap limit')
  })

  it('an uncaught error: its "Error: message" line, not the source excerpt above it', () => {
    const text = "node:events:502\n      throw er; // Unhandled 'error' event\n      ^\n\nError: spawn /usr/bin/node EAGAIN\n    at ChildProcess._handle.onexit (node:internal/child_process:285:19)\n\nNode.js v20.20.2\n"
    expect(summarizeStderr(text)).toBe('Error: spawn /usr/bin/node EAGAIN')
  })

  it('anything else: the last three non-empty lines', () => {
    expect(summarizeStderr('a\nb\n\nc\nd\n')).toBe('b | c | d')
    expect(summarizeStderr('')).toBe('')
  })
})

const NONCE = '0123456789abcdef0123456789abcdef'

describe('messageIn', () => {
  it('takes a line that carries the nonce', () => {
    expect(messageIn(`["${NONCE}",{"ready":true}]`, NONCE)).toEqual({ ready: true })
    expect(messageIn(`["${NONCE}",{"id":1,"ok":true,"output":2}]`, NONCE)).toEqual({ id: 1, ok: true, output: 2 })
  })

  it('drops a forged line: no nonce, another nonce, or the old unwrapped protocol', () => {
    expect(messageIn('{"ready":true}', NONCE)).toBeUndefined()
    expect(messageIn('{"id":1,"ok":true,"output":"forged"}', NONCE)).toBeUndefined()
    expect(messageIn(`["${'f'.repeat(32)}",{"ready":true}]`, NONCE)).toBeUndefined()
    expect(messageIn(`["${NONCE}"]`, NONCE)).toBeUndefined()
    expect(messageIn(`["${NONCE}",true]`, NONCE)).toBeUndefined()
    expect(messageIn('not json at all', NONCE)).toBeUndefined()
  })

  it('finds the message behind stray output the workload wrote without a newline', () => {
    expect(messageIn(`partial output["${NONCE}",{"ready":true}]`, NONCE)).toEqual({ ready: true })
  })
})
