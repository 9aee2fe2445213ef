import type { Instance } from '../runtimes/types.js'

/** Every instance alive right now, so an interrupt can stop them all. */
const live = new Set<Instance>()

export function track(instance: Instance): void {
  live.add(instance)
}

export function untrack(instance: Instance): void {
  live.delete(instance)
}

/** Stops begun by stopAll and not finished yet: a second stopAll waits for them too. */
const stopping = new Set<Promise<void>>()

/** Stops every live instance, and waits for stops already under way (never rejects). */
export async function stopAll(): Promise<void> {
  for (const instance of live) {
    const stop = instance.stop().catch(() => {})
    stopping.add(stop)
    void stop.then(() => stopping.delete(stop))
  }
  live.clear()
  await Promise.all([...stopping])
}

export function liveCount(): number {
  return live.size
}
