// probe: open a TCP connection to the host's listener (input.host:input.port, planted by the
// harness, which greets with a secret). Reports what happened: {outcome, detail, received?}.
export default async function probe(input) {
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
