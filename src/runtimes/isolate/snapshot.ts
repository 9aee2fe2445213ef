/**
 * `isolate:snapshot`: an isolate made from an isolated-vm snapshot of the workload already
 * evaluated (the module as a script, module-script.ts), made once per workload in prepareWorkload
 * after a trial run in a plain isolate with the memory limit and timeout (createSnapshot itself
 * has neither). Start = isolate (from the snapshot) → context → handler (read from the global).
 * isolated-vm's README calls snapshots unstable; the probe makes and uses one for real, so a Node
 * where they break has the row skipped with the reason.
 */
import type IsolatedVM from 'isolated-vm'
import { isolateMemoryLimitMb } from '../hardening.js'
import { moduleToScript } from '../module-script.js'
import type { RunContext, Workload } from '../types.js'
import type { IsolateVariant } from './instance.js'
import { firstLine, type Ivm } from './load.js'

/** The global a snapshot keeps the handler in. */
const SNAPSHOT_HANDLER = '__isobench_handler__'

/** The snapshot script of a workload: the module as a script whose handler lands in a global. */
function snapshotScript(workload: Workload): string {
  return `globalThis.${SNAPSHOT_HANDLER} = ${moduleToScript(workload.source)}`
}

/** Makes a snapshot after a trial run of the same script in a plain isolate with the limits (createSnapshot has none). */
function makeSnapshot(ivm: Ivm, workload: Workload, ctx: RunContext): IsolatedVM.ExternalCopy<ArrayBuffer> {
  const code = snapshotScript(workload)
  const trial = new ivm.Isolate({ memoryLimit: isolateMemoryLimitMb(ctx.limits) })
  try {
    const context = trial.createContextSync()
    context.evalSync(code, { filename: workload.path, timeout: ctx.limits.timeoutMs })
    if (context.evalSync(`typeof ${SNAPSHOT_HANDLER}`) !== 'function') throw new Error('the workload has no default export function')
  } catch (error) {
    throw new Error(`workload failed to load: ${firstLine(error)}`)
  } finally {
    if (!trial.isDisposed) trial.dispose()
  }
  return ivm.Isolate.createSnapshot([{ code, filename: workload.path }])
}

/** A real snapshot round trip: a global set by the snapshot's script is there in a new context. */
function checkSnapshots(ivm: Ivm): void {
  const snapshot = ivm.Isolate.createSnapshot([{ code: 'globalThis.answer = (function () { "use strict"; return 6 * 7 })()' }])
  const isolate = new ivm.Isolate({ snapshot, memoryLimit: 8 })
  try {
    if (isolate.createContextSync().evalSync('answer') !== 42) throw new Error('a global made by the snapshot is missing in a new context')
  } finally {
    isolate.dispose()
  }
}

export function snapshotVariant(): IsolateVariant {
  /** One snapshot per workload source. */
  const snapshots = new Map<string, IsolatedVM.ExternalCopy<ArrayBuffer>>()
  return {
    description: 'a V8 isolate per instance made from a snapshot of the evaluated workload (isolated-vm createSnapshot; experimental)',
    check(ivm) {
      try {
        checkSnapshots(ivm)
        return undefined
      } catch (error) {
        return { available: false, reason: `isolated-vm snapshots do not work on node ${process.version} (${firstLine(error)})`, fix: 'use the isolate or isolate:context rows' }
      }
    },
    prepareWorkload(ivm, ctx, workload) {
      if (!snapshots.has(workload.source)) snapshots.set(workload.source, makeSnapshot(ivm, workload, ctx))
    },
    cleanup() {
      for (const snapshot of snapshots.values()) snapshot.release()
      snapshots.clear()
    },
    lease(ivm, workload, ctx, mark) {
      let snapshot = snapshots.get(workload.source)
      if (!snapshot) {
        // Not prepared for this workload (tests): made now, and timed as its own phase.
        snapshot = makeSnapshot(ivm, workload, ctx)
        snapshots.set(workload.source, snapshot)
        mark('snapshot')
      }
      const isolate = new ivm.Isolate({ memoryLimit: isolateMemoryLimitMb(ctx.limits), snapshot })
      mark('isolate')
      return { isolate, owned: true, release: () => {} }
    },
    handlerPhase: 'handler',
    handlerIn: (_isolate, context) => context.global.getSync(SNAPSHOT_HANDLER, { reference: true }) as IsolatedVM.Reference<unknown> | undefined,
  }
}
