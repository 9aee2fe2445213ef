/**
 * JSON over HTTP to an instance listening on loopback (workerd), on a kept-alive connection:
 * the first request opens it (part of the cold start), warm requests reuse it.
 */
import { Agent, request } from 'node:http'

/** A client for one instance's port. */
export interface LoopbackClient {
  /** POSTs JSON (with `headers` besides its own) and resolves with the parsed JSON answer; rejects on timeout, a non-JSON answer or one over `maxBytes`. */
  postJson(body: unknown, timeoutMs: number, maxBytes?: number, headers?: Record<string, string>): Promise<unknown>
  /** Closes the kept-alive connection. */
  close(): void
}

/** Opens a client for 127.0.0.1:port. */
export function loopbackClient(port: number): LoopbackClient {
  const agent = new Agent({ keepAlive: true })
  const send = (body: unknown, timeoutMs: number, maxBytes: number, headers: Record<string, string>, attempt: number): Promise<unknown> =>
    new Promise<unknown>((resolve, reject) => {
      const payload = JSON.stringify(body === undefined ? null : body)
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          agent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = []
          let received = 0
          res.on('data', (chunk: Buffer) => {
            received += chunk.length
            // Never buffered whole: the connection is dropped at the cap.
            if (received > maxBytes) req.destroy(new Error(`the instance sent an answer of more than ${maxBytes} bytes: the connection was closed`))
            else chunks.push(chunk)
          })
          res.on('error', reject)
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            try {
              resolve(JSON.parse(text))
            } catch {
              reject(new Error(`HTTP ${res.statusCode}: ${text.trim().split('\n')[0]?.slice(0, 200) ?? ''}`))
            }
          })
        },
      )
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms (timeout)`)))
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed while it sat idle (workerd does, after a while):
        // the request never reached it, so it is sent once more on a new connection (Node's docs: request.reusedSocket).
        if (attempt === 0 && req.reusedSocket && error.code === 'ECONNRESET') resolve(send(body, timeoutMs, maxBytes, headers, 1))
        else reject(error)
      })
      req.end(payload)
    })
  const postJson = (body: unknown, timeoutMs: number, maxBytes = Infinity, headers: Record<string, string> = {}) => send(body, timeoutMs, maxBytes, headers, 0)
  return { postJson, close: () => agent.destroy() }
}
