/** isolated-vm, loaded once for the isolate runtimes, and the probe every variant shares (a real round trip). */
import { createRequire } from 'node:module'
import type IsolatedVM from 'isolated-vm'
import type { Availability } from '../types.js'

export type Ivm = typeof IsolatedVM

let loaded: Promise<{ ivm: Ivm; version: string }> | undefined

/** Loads isolated-vm once; rejects with the loader's error (not built, wrong Node ABI). */
export function loadIsolatedVm(): Promise<{ ivm: Ivm; version: string }> {
  loaded ??= (async () => {
    const mod = (await import('isolated-vm')) as unknown as { default: Ivm }
    const require = createRequire(import.meta.url)
    const version = (require('isolated-vm/package.json') as { version: string }).version
    return { ivm: mod.default, version }
  })()
  return loaded
}

/** Whether this process runs with the flag isolated-vm needs on Node 20+. */
export const HAS_NO_NODE_SNAPSHOT = process.execArgv.includes('--no-node-snapshot')

/** A plain error message from anything thrown by the loader or isolated-vm. */
export function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/**
 * Loads isolated-vm and computes in a fresh isolate (one that cannot compute cannot be measured);
 * `check` tests what a variant needs beyond that and returns why it cannot run.
 */
export async function probeIsolates(check?: (ivm: Ivm) => Availability | undefined | Promise<Availability | undefined>): Promise<Availability> {
  try {
    const { ivm, version } = await loadIsolatedVm()
    const isolate = new ivm.Isolate({ memoryLimit: 8 })
    try {
      const context = isolate.createContextSync()
      if (context.evalSync('6 * 7') !== 42) throw new Error('an isolate computed a wrong answer')
    } finally {
      isolate.dispose()
    }
    const unavailable = await check?.(ivm)
    if (unavailable) return unavailable
    return {
      available: true,
      info: {
        version: `isolated-vm ${version}`,
        details: { isolatedVm: version, node: process.version, v8: process.versions.v8, inHarness: true, noNodeSnapshot: HAS_NO_NODE_SNAPSHOT },
      },
    }
  } catch (error) {
    return {
      available: false,
      reason: `isolated-vm does not load (${firstLine(error)})`,
      fix: 'rebuild it for this Node: `npm rebuild isolated-vm` (needs python3, make and g++)',
    }
  }
}
