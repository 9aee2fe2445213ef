/** moduleToScript: the minimal module → script transform of the vm and isolate:snapshot runtimes. */
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { DEFAULT_BINDING, moduleToScript } from '../../../src/runtimes/module-script.js'

/** Runs the script in a fresh context and returns its completion value (the handler). */
function handlerOf(source: string): (...args: unknown[]) => unknown {
  return vm.runInContext(moduleToScript(source), vm.createContext({})) as (...args: unknown[]) => unknown
}

describe('moduleToScript', () => {
  it('keeps a named function declaration as written and returns it', () => {
    // Reference: `export default ` (15 characters) removed; the wrapper opens on line 1 and closes after the last line.
    expect(moduleToScript('export default function handler(x) { return x + 1 }')).toBe(
      '(function () { "use strict"; function handler(x) { return x + 1 }\n;return handler\n})()',
    )
    expect(handlerOf('export default function handler(x) { return x + 1 }')(1)).toBe(2)
  })

  it('handles async functions, generators and classes by name', () => {
    expect(moduleToScript('export default async function h() {}')).toContain(';return h\n')
    expect(moduleToScript('export default function* gen() {}')).toContain(';return gen\n')
    expect(moduleToScript('export default class Handler {}')).toContain(';return Handler\n')
  })

  it('binds an anonymous export or an expression and returns the binding', () => {
    expect(moduleToScript('export default (x) => x * 2')).toBe(`(function () { "use strict"; const ${DEFAULT_BINDING} = (x) => x * 2\n;return ${DEFAULT_BINDING}\n})()`)
    expect(handlerOf('export default (x) => x * 2')(21)).toBe(42)
    expect(handlerOf('export default function (x) { return -x }')(3)).toBe(-3)
  })

  it('keeps module semantics that matter: strict mode, own top-level names, the code before and after', () => {
    const source = 'const base = 10\nlet calls = 0\nexport default function handler() { calls++; return base + calls + (this === undefined ? 100 : 0) }\nconst after = 1\n'
    const context = vm.createContext({})
    const handler = vm.runInContext(moduleToScript(source), context) as () => number
    expect(handler()).toBe(111) // strict: `this` is undefined in a plain call, as in a module
    expect(handler()).toBe(112)
    expect(vm.runInContext('typeof base + typeof handler + typeof after', context)).toBe('undefinedundefinedundefined') // not globals
    expect(() => handlerOf('undeclared = 1\nexport default () => 1')).toThrow(/undeclared is not defined/)
  })

  it('keeps line numbers: an error on line 3 of the module is on line 3 of the script', () => {
    const source = '// a comment\nexport default function handler() {\n  throw new Error("line three")\n}\n'
    const script = new vm.Script(moduleToScript(source), { filename: 'w.js' })
    const handler = script.runInContext(vm.createContext({})) as () => void
    let stack = ''
    try {
      handler()
    } catch (error) {
      stack = String((error as { stack?: string }).stack)
    }
    expect(stack).toMatch(/w\.js:3:/)
  })

  it('does not count a dynamic import( as an import statement', () => {
    expect(() => moduleToScript('export default () => 1\nimport("x")\n')).not.toThrow()
  })

  it('refuses modules of another shape, saying what it found', () => {
    expect(() => moduleToScript('export const a = 1\nexport default () => a')).toThrow(/exactly one top-level `export default`.*found 2/)
    expect(() => moduleToScript('import x from "y"\nexport default () => x')).toThrow(/found 2/)
    expect(() => moduleToScript('export function handler() {}')).toThrow(/^the workload has no default export \(this runtime runs the module as a script; found 1 import\/export statement\(s\)\)$/)
    expect(() => moduleToScript('globalThis.handler = () => 1')).toThrow(/no default export .*found 0/)
  })
})
