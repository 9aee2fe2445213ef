/**
 * Loading a workload with real esbuild: a self-contained module is used byte for byte, one with
 * imports or TypeScript is bundled, and every refusal is one UsageError line saying where.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../../src/errors.js'
import { loadWorkload, removeBundles, requireDefaultExport } from '../../../src/scenarios/workload.js'

const dir = mkdtempSync(join(tmpdir(), 'isobench-workload-test-'))
afterAll(async () => {
  await removeBundles()
  rmSync(dir, { recursive: true, force: true })
})

function file(name: string, content: string): string {
  const path = join(dir, name)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content)
  return path
}

// A package laid out as npm installs one: node_modules/<name>/package.json + its module.
file('node_modules/greet/package.json', JSON.stringify({ name: 'greet', version: '1.0.0', type: 'module', main: 'index.js' }))
file('node_modules/greet/index.js', 'export const greet = (name) => `hello, ${name}`\nexport const unused = () => "tree-shaken away"\n')
file('node_modules/uses-fs/package.json', JSON.stringify({ name: 'uses-fs', version: '1.0.0', type: 'module', main: 'index.js' }))
file('node_modules/uses-fs/index.js', 'import { readFileSync } from "node:fs"\nexport const read = () => readFileSync("/etc/hostname", "utf8")\n')
file('node_modules/uses-buffer/package.json', JSON.stringify({ name: 'uses-buffer', version: '1.0.0', type: 'module', main: 'index.js' }))
file('node_modules/uses-buffer/index.js', 'const guarded = typeof process !== "undefined"\nexport const zero = Buffer.alloc(1)\nexport const g = guarded\n')

async function refusal(path: string, platform: 'neutral' | 'node' = 'neutral'): Promise<string> {
  const error = await loadWorkload(path, platform).then(requireDefaultExport).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(UsageError)
  const message = (error as UsageError).message
  expect(message).not.toContain('\n')
  return message
}

describe('loadWorkload', () => {
  it('uses a self-contained module byte for byte', async () => {
    const path = file('plain.js', 'export default function handler(input) { return input }\n')
    const workload = await loadWorkload(path)
    expect(workload.path).toBe(path)
    expect(workload.source).toBe(readFileSync(path, 'utf8'))
    expect(workload.bundle).toBeUndefined()
  })

  it('bundles TypeScript that imports a package into one module with a default export, tree-shaken', async () => {
    const path = file('app/handler.ts', 'import { greet } from "greet"\ninterface In { name: string }\nexport const other = 1\nexport default function handler(input: In): string { return greet(input.name) }\n')
    const workload = await loadWorkload(path)
    expect(workload.entry).toBe(path)
    expect(workload.path).not.toBe(path)
    expect(readFileSync(workload.path, 'utf8')).toBe(workload.source)
    expect(workload.source).toMatch(/\nexport default handler;\n$/)
    expect(workload.source).not.toMatch(/tree-shaken away|interface|other = 1|^import /m)
    expect(workload.bundle).toMatchObject({ inputs: 2 })
    const mod = (await import(`data:text/javascript,${encodeURIComponent(workload.source)}`)) as { default: (i: unknown) => unknown }
    expect(mod.default({ name: 'ada' })).toBe('hello, ada')
  })

  it('lets a Node-only workload import Node built-ins with platform node (left to the runtime)', async () => {
    const path = file('node-ok.ts', 'import { read } from "uses-fs"\nexport default () => read()\n')
    const workload = await loadWorkload(path, 'node')
    expect(workload.source).toMatch(/from "node:fs"/)
  })

  it.each([
    ['a missing package, named with where it was looked for', 'missing.ts', 'import x from "not-installed"\nexport default () => x\n', /missing\.ts:1:\d+: cannot find package "not-installed" \(looked in node_modules from .* upwards\)/],
    ['a syntax error, with file:line:column', 'syntax.ts', 'import { greet } from "greet"\nexport default function (input: string) {\n  return greet(input\n}\n', /syntax\.ts:4:1: Expected "\)" but found "}"/],
    ['a Node built-in, naming the importing file', 'fs.ts', 'import { read } from "uses-fs"\nexport default () => read()\n', /node_modules\/uses-fs\/index\.js:1:\d+: the workload imports the Node built-in "node:fs" \(in node_modules\/uses-fs\/index\.js\)/],
    ['a Node global at the top level, found by evaluating it (a typeof guard is fine)', 'buffer.ts', 'import { zero } from "uses-buffer"\nexport default () => zero.length\n', /node_modules\/uses-buffer\/index\.js: the workload uses the global "Buffer", which is not part of the language/],
    ['no default export (bundled)', 'nodefault.ts', 'import { greet } from "greet"\nexport const handler = greet\n', /nodefault\.ts: the workload has no default export/],
    ['a default export that is not a function', 'notfn.ts', 'import { greet } from "greet"\nexport default { greet }\n', /notfn\.ts: the default export is object, not a function/],
    ['no default export (self-contained)', 'nodefault.js', 'export function handler() { return 1 }\n', /nodefault\.js: the workload has no default export/],
  ])('refuses %s', async (_what, name, source, message) => {
    expect(await refusal(file(name, source))).toMatch(message)
  })
})
