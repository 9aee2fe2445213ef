// isobench bootstrap protocol, the in-sandbox side shared by bootstrap.mjs (node: process, docker, worker) and
// ../deno/bootstrap.mjs (deno): load the handler from the workload's source, answer one request line.
// Uses only the language, so it runs in every runtime that runs a bootstrap.
//   in:  {"id":1,"op":"invoke","input":<json>,"maxOutput":<bytes>}  ->  out: {"id":1,"ok":true,"output":<json>,"callMs":<ms>,"cpuMs":<ms>,"at":<ms>}
//                                                         {"id":1,"ok":false,"error":"..."}
//        "repeat":<n> (optional): the handler is called n times, the last output answered, callMs and cpuMs the fastest
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

/**
 * Checks a handler's answer before it leaves the sandbox: whether it is a JSON value and how many
 * bytes of UTF-8 its JSON text has, computed by walking the value, so an answer over the cap is
 * refused without ever being serialized. Returns {ok: true, json} or {ok: false, error}.
 * Not JSON (the error names the first such place, e.g. `$.items[2].n`): a BigInt, a function, a
 * symbol, NaN or ±Infinity, a circular reference. `undefined` is what JSON.stringify makes of it
 * (a property left out, null in an array or at the top). toJSON (Date) is honoured.
 * Self-contained and language-only: the isolate, vm, workerd and QuickJS runtimes evaluate its
 * source text (`checkOutput.toString()`) inside their sandbox, so every runtime checks alike.
 */
export function checkOutput(value, maxBytes) {
  const notJson = (what, path) => {
    throw { isobenchNotJson: `output is not JSON: ${what} at ${path}` }
  }
  // UTF-8 bytes of JSON.stringify(text): the characters that are not plain ASCII are counted apart
  // (in slices: QuickJS's regexp engine runs out of memory on one run of millions of characters).
  const stringBytes = (text) => {
    let special = ''
    for (let at = 0; at < text.length; at += 65536) special += text.slice(at, at + 65536).replace(/[\x20\x21\x23-\x5b\x5d-\x7e]+/g, '')
    let bytes = text.length - special.length + 2
    for (let i = 0; i < special.length; i++) {
      const code = special.charCodeAt(i)
      if (code === 0x22 || code === 0x5c || code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) bytes += 2
      else if (code < 0x20) bytes += 6
      else if (code < 0x80) bytes += 1
      else if (code < 0x800) bytes += 2
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < special.length && special.charCodeAt(i + 1) >= 0xdc00 && special.charCodeAt(i + 1) <= 0xdfff) {
        bytes += 4
        i++
      } else if (code >= 0xd800 && code <= 0xdfff) bytes += 6
      else bytes += 3
    }
    return bytes
  }
  const ancestors = []
  // Bytes of the JSON text of holder[key], or undefined where JSON leaves it out.
  const sizeOf = (holder, key, path) => {
    let v = holder[key]
    if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON(String(key))
    switch (typeof v) {
      case 'undefined': return undefined
      case 'bigint': return notJson('BigInt', path)
      case 'function': return notJson('function', path)
      case 'symbol': return notJson('symbol', path)
      case 'boolean': return v ? 4 : 5
      case 'number': return Number.isFinite(v) ? String(v).length : notJson(String(v), path)
      case 'string': return stringBytes(v)
    }
    if (v === null) return 4
    if (ancestors.includes(v)) notJson('circular reference', path)
    ancestors.push(v)
    let bytes = 2
    let count = 0
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) bytes += (sizeOf(v, i, `${path}[${i}]`) ?? 4) + (i > 0 ? 1 : 0)
    } else {
      for (const k of Object.keys(v)) {
        const size = sizeOf(v, k, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`)
        if (size === undefined) continue
        bytes += stringBytes(k) + 1 + size + (count++ > 0 ? 1 : 0)
      }
    }
    ancestors.pop()
    return bytes
  }
  let bytes
  try {
    bytes = sizeOf({ '': value }, '', '$') ?? 4
  } catch (error) {
    if (error && typeof error.isobenchNotJson === 'string') return { ok: false, error: error.isobenchNotJson }
    throw error
  }
  if (bytes > maxBytes) return { ok: false, error: `output of ${bytes} bytes exceeds --max-output (${maxBytes} bytes)` }
  return { ok: true, json: JSON.stringify(value === undefined ? null : value) }
}

/** The cap when a request does not say (the harness always does): 1 MiB, isobench's default --max-output. */
const DEFAULT_MAX_OUTPUT = 1024 * 1024

/**
 * Answers one request line with `write(message)` (`repeat`: the handler is called that many times,
 * 1 to 100, the last output answered and callMs the fastest call); `memoryUsage()` is the runtime's own reading and
 * `clock()` the sandbox's shared clock in ms, `cpuClock()` the CPU time its process has used in ms:
 * an answer carries `callMs` and `cpuMs` (the handler call, both read just before and after it) and
 * `at` (read as the answer is written).
 */
export async function answer(line, handler, write, memoryUsage, clock, cpuClock) {
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
  const repeat = Math.min(100, Math.max(1, Math.floor(Number(request.repeat) || 1)))
  let callMs = Infinity
  let cpuMs = Infinity
  try {
    let output
    for (let i = 0; i < repeat; i++) {
      const cpuBefore = cpuClock()
      const before = clock()
      output = await handler(request.input)
      callMs = Math.min(callMs, clock() - before)
      cpuMs = Math.min(cpuMs, cpuClock() - cpuBefore)
    }
    const checked = checkOutput(output, request.maxOutput ?? DEFAULT_MAX_OUTPUT)
    if (checked.ok) write({ id: request.id, ok: true, output: output === undefined ? null : output, callMs, cpuMs, at: clock() })
    else write({ id: request.id, ok: false, error: checked.error })
  } catch (error) {
    write({ id: request.id, ok: false, error: messageOf(error) })
  }
}
