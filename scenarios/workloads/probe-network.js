// probe: reach the host's listener (input.host:input.port, planted by the harness, which answers
// with a secret) by every path the runtime offers: a TCP socket (node:net), then fetch().
// Reports what happened: {outcome, detail, received?}; allowed as soon as one path got through.
export default async function probe(input) {
  const socket = await viaSocket(input)
  if (socket.outcome === 'allowed' || typeof globalThis.fetch !== 'function') return socket
  const fetched = await viaFetch(input)
  if (fetched.outcome === 'allowed') return fetched
  return { outcome: socket.outcome === 'unavailable' ? fetched.outcome : socket.outcome, detail: `socket: ${socket.detail}; fetch: ${fetched.detail}` }
}

async function viaFetch(input) {
  try {
    const response = await fetch(`http://${input.host}:${input.port}/`, { signal: AbortSignal.timeout?.(3000) })
    return { outcome: 'allowed', detail: `fetched http://${input.host}:${input.port}/`, received: await response.text() }
  } catch (error) {
    const message = String(error?.cause?.message ?? error?.message ?? error).split('\n')[0]
    return { outcome: 'blocked', detail: `${error?.cause?.code ?? error?.code ?? error?.name ?? 'error'}: ${message}` }
  }
}

async function viaSocket(input) {
  let net
  try {
    net = await import('node:net')
  } catch (error) {
    return { outcome: 'unavailable', detail: `no socket API: import('node:net') failed (${error.message})` }
  }
  return new Promise((resolve) => {
    let received = ''
    const socket = net.connect({ host: input.host, port: input.port })
    socket.setTimeout(3000, () => {
      socket.destroy()
      resolve({ outcome: 'blocked', detail: 'ETIMEDOUT: no answer within 3 s' })
    })
    socket.on('data', (chunk) => (received += chunk))
    socket.once('end', () => resolve({ outcome: 'allowed', detail: `connected to ${input.host}:${input.port}`, received }))
    socket.once('error', (error) => resolve({ outcome: 'blocked', detail: `${error.code ?? 'error'}: ${error.message}` }))
  })
}
