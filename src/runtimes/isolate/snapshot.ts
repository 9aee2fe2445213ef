/**
 * `isolate:snapshot`: an isolate made from an isolated-vm snapshot of the workload already
 * evaluated (the module as a script, module-script.ts), made once per workload in prepareWorkload,
 * untimed, in a child process bounded by the run's timeout and memory limit (snapshot-child.ts:
 * createSnapshot itself has neither), after a trial run there in a plain isolate with the limits.
 * Start = isolate (from the snapshot) → context → handler (read from the global); a start whose
 * workload was not prepared builds its snapshot first, timed as a `snapshot` phase.
 * isolated-vm's README calls snapshots unstable; the probe makes and uses one for real, so a Node
 * where they break has the row skipped with the reason, and (as root) runs the harness's node as
 * the build child's user, so a node that user cannot run is a skip too.
 */
import type IsolatedVM from 'isolated-vm'
import { moduleToScript } from '../module-script.js'
import { nodeVersionOf } from '../../host/node-version.js'
import { isAccessError, refusedToUser } from '../../host/user.js'
import { childUserOf, isolateMemoryLimitMb } from '../hardening.js'
import type { Availability, RunContext, RuntimeOptions, Workload } from '../types.js'
import type { IsolateVariant } from './instance.js'
import { firstLine, type Ivm } from './load.js'
import { buildSnapshotInChild } from './snapshot-child.js'

/** The global a snapshot keeps the handler in. */
const SNAPSHOT_HANDLER = '__isobench_handler__'

/** The snapshot script of a workload: the module as a script whose handler lands in a global. */
function snapshotScript(workload: Workload): string {
  return `globalThis.${SNAPSHOT_HANDLER} = ${moduleToScript(workload.source)}`
}

/** Makes the workload's snapshot in a bounded child (snapshot-child.ts) and takes its bytes into an ExternalCopy. */
async function makeSnapshot(ivm: Ivm, workload: Workload, ctx: RunContext, track: (kill: () => Promise<void>) => () => void): Promise<IsolatedVM.ExternalCopy<ArrayBuffer>> {
  const bytes = await buildSnapshotInChild({ code: snapshotScript(workload), filename: workload.path }, ctx, track)
  return new ivm.ExternalCopy(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
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

/** Why the build child (the harness's node, run as the user children run as) cannot start here, or undefined. */
async function buildChildRefused(options: RuntimeOptions): Promise<Availability | undefined> {
  const user = childUserOf(options.relax)
  if (!user) return undefined
  try {
    await nodeVersionOf(process.execPath, user)
    return undefined
  } catch (error) {
    if (isAccessError(error)) return { available: false, ...refusedToUser(user, process.execPath) }
    return { available: false, reason: `the snapshot build child cannot run ${process.execPath} as ${user.uid}:${user.gid} (${firstLine(error)})`, fix: 'use the isolate or isolate:context rows, or pass --relax user' }
  }
}

export function snapshotVariant(options: RuntimeOptions): IsolateVariant {
  /** One snapshot per workload source (a build in flight is shared), and those already built. */
  const snapshots = new Map<string, Promise<IsolatedVM.ExternalCopy<ArrayBuffer>>>()
  const built = new Map<string, IsolatedVM.ExternalCopy<ArrayBuffer>>()
  /** Kills the build children still alive (an interrupt's cleanup comes before their deadline). */
  const builds = new Set<() => Promise<void>>()
  const track = (kill: () => Promise<void>) => {
    builds.add(kill)
    return () => void builds.delete(kill)
  }
  const snapshotOf = (ivm: Ivm, workload: Workload, ctx: RunContext) => {
    let snapshot = snapshots.get(workload.source)
    if (!snapshot) {
      const building = makeSnapshot(ivm, workload, ctx, track)
      snapshot = building
      snapshots.set(workload.source, building)
      // A failed build is not kept: the next sample (or scenario) tries again and says why.
      building.then((made) => built.set(workload.source, made), () => snapshots.get(workload.source) === building && snapshots.delete(workload.source))
    }
    return snapshot
  }
  return {
    description: 'a V8 isolate per instance made from a snapshot of the evaluated workload (isolated-vm createSnapshot in a bounded child; experimental)',
    async check(ivm) {
      try {
        checkSnapshots(ivm)
      } catch (error) {
        return { available: false, reason: `isolated-vm snapshots do not work on node ${process.version} (${firstLine(error)})`, fix: 'use the isolate or isolate:context rows' }
      }
      return buildChildRefused(options)
    },
    async prepareWorkload(ivm, ctx, workload) {
      const t0 = ctx.now()
      await snapshotOf(ivm, workload, ctx)
      ctx.log(`isolate:snapshot: snapshot of ${workload.name} built in a child in ${Math.round(ctx.now() - t0)} ms (untimed)`)
    },
    async cleanup() {
      await Promise.all([...builds].map((kill) => kill()))
      await Promise.allSettled(snapshots.values())
      for (const snapshot of built.values()) snapshot.release()
      snapshots.clear()
      built.clear()
    },
    lease(ivm, workload, ctx, mark) {
      const fromSnapshot = (snapshot: IsolatedVM.ExternalCopy<ArrayBuffer>) => {
        const isolate = new ivm.Isolate({ memoryLimit: isolateMemoryLimitMb(ctx.limits), snapshot })
        mark('isolate')
        return { isolate, owned: true, release: () => {} }
      }
      const snapshot = built.get(workload.source)
      if (snapshot) return fromSnapshot(snapshot)
      // Not prepared for this workload (tests): made now, and timed as its own phase.
      return snapshotOf(ivm, workload, ctx).then((made) => {
        mark('snapshot')
        return fromSnapshot(made)
      })
    },
    handlerPhase: 'handler',
    handlerIn: (_isolate, context) => context.global.getSync(SNAPSHOT_HANDLER, { reference: true }) as IsolatedVM.Reference<unknown> | undefined,
  }
}
