// probe: load code from the network with a dynamic import(): the host's listener
// (http://input.host:input.port/probe.js, planted by the harness, whose module holds a secret) and a
// public CDN that Deno's default import allowlist includes (https://esm.sh). Reports
// {outcome, detail, received?}: allowed when an import loaded or was attempted over the network,
// blocked when the runtime refused it without trying (no such scheme, no permission, no remote).
const REFUSED = /no-remote|Requires import access|--allow-import|ERR_UNSUPPORTED_ESM_URL_SCHEME|Only URLs with a scheme|Not supported|No such module|dynamic import callback|not allowed|Cannot import|invalid URL/i

async function attempt(url) {
  try {
    const mod = await import(url)
    return { loaded: true, detail: `imported ${url}`, received: String(mod.default) }
  } catch (error) {
    const message = String(error?.message ?? error).split('\n')[0]
    return { loaded: false, refused: REFUSED.test(message), detail: `${url}: ${message}` }
  }
}

export default async function probe(input) {
  const results = [await attempt(`http://${input.host}:${input.port}/probe.js`), await attempt('https://esm.sh/isobench-egress-probe@0.0.0')]
  const detail = results.map((result) => result.detail).join('; ')
  const loaded = results.find((result) => result.loaded)
  if (loaded) return { outcome: 'allowed', detail, received: loaded.received }
  if (results.every((result) => result.refused)) return { outcome: 'blocked', detail }
  return { outcome: 'allowed', detail: `attempted over the network: ${detail}` }
}
