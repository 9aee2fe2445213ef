// isobench bootstrap protocol, the in-sandbox side shared by bootstrap.mjs (node: process, docker, worker) and
// ../deno/bootstrap.mjs (deno): load the handler from the workload's source, answer one request line.
// Uses only the language, so it runs in every runtime that runs a bootstrap.
//   in:  {"id":1,"op":"invoke","input":<json>}  ->  out: {"id":1,"ok":true,"output":<json>}
//                                                         {"id":1,"ok":false,"error":"..."}
//   in:  {"id":2,"op":"memory"}                 ->  out: {"id":2,"ok":true,"output":<memoryUsage()>}

/** The one-line message of anything thrown (workloads can throw strings). */
export const messageOf = (error) =>
  error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error)

/**
 * Imports the workload from its source text through a data: URL, so the same bytes are evaluated
 * as an ES module wherever the file sits (no package.json "type" lookup, no file permission).
 */
export async function loadHandler(source) {
  const mod = await import('data:text/javascript;charset=utf-8,' + encodeURIComponent(source))
  if (typeof mod.default !== 'function') throw new Error('the workload has no default export function')
  return mod.default
}

/** Answers one request line with `write(message)`; `memoryUsage()` is the runtime's own reading. */
export async function answer(line, handler, write, memoryUsage) {
  let request
  try {
    request = JSON.parse(line)
  } catch {
    return
  }
  if (request.op === 'memory') {
    write({ id: request.id, ok: true, output: memoryUsage() })
    return
  }
  try {
    const output = await handler(request.input)
    write({ id: request.id, ok: true, output: output === undefined ? null : output })
  } catch (error) {
    write({ id: request.id, ok: false, error: messageOf(error) })
  }
}
