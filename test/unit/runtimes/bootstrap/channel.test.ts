import { describe, expect, it } from 'vitest'
import { messageIn } from '../../../../src/runtimes/bootstrap/channel.js'

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
