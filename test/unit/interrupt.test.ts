/** watchInterrupts: what the first and the second signal do (signals emitted in-process). */
// process.emit(signal, signal) is what Node does for a real signal: the listener gets the name.
import { afterEach, describe, expect, it } from 'vitest'
import { watchInterrupts, type Interruption } from '../../src/interrupt.js'

let current: Interruption | undefined
afterEach(() => current?.dispose())

function setup(options: { exitOnFirst?: boolean } = {}) {
  const calls: string[] = []
  const exits: number[] = []
  current = watchInterrupts({
    log: (m) => calls.push(`log ${m.split(':')[0]}`),
    stop: async () => {
      calls.push('stop')
    },
    exit: (code) => exits.push(code),
    ...options,
  })
  return { calls, exits, interruption: current }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('watchInterrupts', () => {
  it('the first SIGINT aborts and stops instances; no exit yet', async () => {
    const { calls, exits, interruption } = setup()
    expect(interruption.exitCode()).toBeUndefined()
    process.emit('SIGINT', 'SIGINT')
    await tick()
    expect(interruption.signal.aborted).toBe(true)
    expect(interruption.exitCode()).toBe(130)
    expect(calls).toEqual(['log SIGINT', 'stop'])
    expect(exits).toEqual([])
  })

  it('SIGTERM asks for 143', () => {
    const { interruption } = setup()
    process.emit('SIGTERM', 'SIGTERM')
    expect(interruption.exitCode()).toBe(143)
  })

  it('a second signal stops again, then exits with the first signal\'s code', async () => {
    const { calls, exits } = setup()
    process.emit('SIGTERM', 'SIGTERM')
    process.emit('SIGINT', 'SIGINT')
    await tick()
    expect(calls).toEqual(['log SIGTERM', 'stop', 'log SIGINT again', 'stop'])
    expect(exits).toEqual([143])
  })

  it('exitOnFirst: the first signal already exits', async () => {
    const { exits } = setup({ exitOnFirst: true })
    process.emit('SIGINT', 'SIGINT')
    await tick()
    expect(exits).toEqual([130])
  })

  it('after dispose with no signal, it no longer listens', () => {
    const before = process.listenerCount('SIGINT')
    const { interruption } = setup()
    expect(process.listenerCount('SIGINT')).toBe(before + 1)
    interruption.dispose()
    expect(process.listenerCount('SIGINT')).toBe(before)
  })

  it('after dispose following a signal, another signal exits at once', async () => {
    const { exits, interruption } = setup()
    process.emit('SIGINT', 'SIGINT')
    interruption.dispose()
    process.emit('SIGINT', 'SIGINT')
    expect(exits).toEqual([130])
    process.removeAllListeners('SIGINT') // this test's listener stays by design
  })
})
