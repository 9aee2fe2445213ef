/**
 * The in-sandbox output check (checkOutput, bootstrap/protocol.mjs) as source text, for the
 * runtimes that evaluate code in their sandbox instead of running the bootstrap (isolate, vm,
 * workerd, QuickJS): every runtime checks an answer with the same code before it leaves.
 */
import { checkOutput } from './bootstrap/protocol.mjs'

/** `checkOutput` as a function expression. */
export const CHECK_OUTPUT_SOURCE = checkOutput.toString()

/**
 * An expression for `async (handler, inputJson, maxBytes) => outputJson`: calls the handler on the
 * parsed input and resolves with the checked JSON text of its answer, or rejects with why not
 * ("output is not JSON: BigInt at $.x", "output of N bytes exceeds --max-output").
 */
export const CHECKED_CALL_SOURCE = `(() => {
  const checkOutput = ${CHECK_OUTPUT_SOURCE}
  return async (handler, inputJson, maxBytes) => {
    const checked = checkOutput(await handler(JSON.parse(inputJson)), maxBytes)
    if (!checked.ok) throw new Error(checked.error)
    return checked.json
  }
})()`

/** The JSON text a sandbox gets as its input (undefined is null, as over every channel). */
export function inputJson(input: unknown): string {
  return JSON.stringify(input === undefined ? null : input)
}
