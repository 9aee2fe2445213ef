import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_REPEAT } from '../../../../src/runtimes/types.js'
import { listenPortOf, REPEAT_HEADER, workerdConfig, workerSource, WORKER_MODULE, WORKLOAD_MODULE } from '../../../../src/runtimes/workerd/config.js'

describe('listenPortOf (workerd control fd)', () => {
  it('reads the port of the http socket from a listen event', () => {
    // Reference: the line workerd 1.20261117.1 wrote on --control-fd=3 for `address = "127.0.0.1:0"`.
    expect(listenPortOf('{"event":"listen","socket":"http","port":33449}')).toBe(33449)
  })

  it('ignores other sockets, other events and lines that are not JSON', () => {
    expect(listenPortOf('{"event":"listen","socket":"admin","port":9}')).toBeUndefined()
    expect(listenPortOf('{"event":"shutdown"}')).toBeUndefined()
    expect(listenPortOf('workerd starting')).toBeUndefined()
  })
})

describe('workerdConfig', () => {
  it('listens on a kernel-chosen loopback port and caps the V8 heap at the memory limit', () => {
    const config = workerdConfig({ memoryMb: 128 })
    expect(config).toContain('address = "127.0.0.1:0"')
    expect(config).toContain('v8Flags = ["--max-old-space-size=128"]')
    expect(config).toContain('esModule = embed "workload.js"')
    expect(config).toContain('globalOutbound = "no-network"')
    expect(config).toContain('(name = "no-network", network = (allow = []))')
  })
})

describe('workerSource', () => {
  // The worker runs here as an ES module under Node's own fetch API (Request, Response), beside a workload that records what it got.
  const dirs: string[] = []
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))))
  const workerWith = async (workloadSource: string) => {
    const dir = await mkdtemp(join(tmpdir(), 'isobench-workerd-source-'))
    dirs.push(dir)
    await writeFile(join(dir, WORKLOAD_MODULE), workloadSource)
    await writeFile(join(dir, WORKER_MODULE), workerSource(1024))
    const worker = (await import(pathToFileURL(join(dir, WORKER_MODULE)).href)) as { default: { fetch(request: Request): Promise<Response> } }
    return (body: string, headers: Record<string, string> = {}) => worker.default.fetch(new Request('http://worker/', { method: 'POST', body, headers })).then((res) => res.json())
  }
  const recorder = 'let calls = 0\nexport default (input) => ({ calls: ++calls, input })\n'

  it('calls the handler the number of times the repeat header asks, on the body unchanged, answering the last output', async () => {
    const post = await workerWith(recorder)
    const answer = (await post('{"n":30,"s":"é"}', { [REPEAT_HEADER]: '3' })) as { ok: boolean; output: unknown; callMs: unknown }
    expect(answer.ok).toBe(true)
    expect(answer.output).toEqual({ calls: 3, input: { n: 30, s: 'é' } })
    expect(typeof answer.callMs).toBe('number')
  })

  it('calls it once without the header or with a count that is not one, and at most MAX_REPEAT times', async () => {
    const post = await workerWith(recorder)
    expect(await post('null')).toMatchObject({ output: { calls: 1 } })
    expect(await post('null', { [REPEAT_HEADER]: 'many' })).toMatchObject({ output: { calls: 2 } })
    expect(await post('null', { [REPEAT_HEADER]: '0' })).toMatchObject({ output: { calls: 3 } })
    expect(await post('null', { [REPEAT_HEADER]: '1000' })).toMatchObject({ output: { calls: 3 + MAX_REPEAT } })
  })

  it('answers a handler\'s error whatever the repeat', async () => {
    const post = await workerWith('export default () => { throw new Error("boom") }\n')
    expect(await post('null', { [REPEAT_HEADER]: '3' })).toEqual({ ok: false, error: 'boom' })
  })
})
