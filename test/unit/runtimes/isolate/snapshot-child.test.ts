import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { messageReader } from '../../../../src/runtimes/isolate/snapshot-child.js'

describe('the snapshot build child\'s messages', () => {
  it('keeps every stage when several arrive in one chunk (a fast build on Node 22 sent loaded and building together)', async () => {
    const stdout = new PassThrough()
    const next = messageReader(stdout, new Promise<string>(() => {}))
    const first = next(1000, 'timeout')
    stdout.write('{"stage":"loaded"}\n{"stage":"building"}\n')
    expect((await first).stage).toBe('loaded')
    expect((await next(1000, 'timeout')).stage).toBe('building')
    stdout.write('{"stage":"done","snapshot":""}\n')
    expect((await next(1000, 'timeout')).stage).toBe('done')
  })

  it('says why when the child ended without the next stage', async () => {
    const stdout = new PassThrough()
    const next = messageReader(stdout, Promise.resolve('snapshot build failed: the process exited (code 1)'))
    stdout.end()
    await expect(next(1000, 'timeout')).rejects.toThrow('snapshot build failed: the process exited (code 1)')
  })
})
