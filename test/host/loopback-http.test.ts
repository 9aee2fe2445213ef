import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { loopbackClient } from '../../src/host/loopback-http.js'

let server: Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

/** A JSON echo server on loopback that counts the TCP connections it accepted. */
async function echoServer(): Promise<{ port: number; connections: () => number }> {
  let connections = 0
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', () => res.setHeader('content-type', 'application/json').end(JSON.stringify({ ok: true, output: JSON.parse(body) })))
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, connections: () => connections }
}

describe('loopbackClient', () => {
  it('sends JSON and reuses one kept-alive connection for successive requests', async () => {
    const { port, connections } = await echoServer()
    const client = loopbackClient(port)
    try {
      for (let i = 0; i < 5; i++) expect(await client.postJson({ i }, 5000)).toEqual({ ok: true, output: { i } })
      expect(connections()).toBe(1)
    } finally {
      client.close()
    }
  })

  it('sends the headers it is given beside its own', async () => {
    const { port } = await echoServer()
    let seen: Record<string, unknown> = {}
    server!.prependListener('request', (req) => void (seen = req.headers))
    const client = loopbackClient(port)
    try {
      expect(await client.postJson({ i: 1 }, 5000, undefined, { 'x-isobench-repeat': '5' })).toEqual({ ok: true, output: { i: 1 } })
      expect(seen).toMatchObject({ 'x-isobench-repeat': '5', 'content-type': 'application/json' })
    } finally {
      client.close()
    }
  })

  it('sends a request once more on a new connection when the kept-alive one was closed under it (workerd drops idle ones)', async () => {
    const { port, connections } = await echoServer()
    let requests = 0
    // The second request drops its connection unanswered, as a server that closed the idle socket does.
    server!.prependListener('request', (req) => {
      if (++requests === 2) req.socket.destroy()
    })
    const client = loopbackClient(port)
    try {
      expect(await client.postJson({ i: 1 }, 5000)).toEqual({ ok: true, output: { i: 1 } })
      expect(await client.postJson({ i: 2 }, 5000)).toEqual({ ok: true, output: { i: 2 } })
      expect(connections()).toBe(2)
    } finally {
      client.close()
    }
  })

  it('rejects an answer that is not JSON, quoting the status', async () => {
    server = createServer((_req, res) => res.writeHead(500).end('internal error\nmore'))
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const client = loopbackClient((server.address() as AddressInfo).port)
    try {
      await expect(client.postJson(null, 5000)).rejects.toThrow('HTTP 500: internal error')
    } finally {
      client.close()
    }
  })
})
