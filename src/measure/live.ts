import type { Instance } from '../runtimes/types.js'

/** Every instance alive right now, so an interrupt can stop them all. */
const live = new Set<Instance>()

export function track(instance: Instance): void {
  live.add(instance)
}

export function untrack(instance: Instance): void {
  live.delete(instance)
}

/** Stops every live instance (never rejects). */
export async function stopAll(): Promise<void> {
  const instances = [...live]
  live.clear()
  await Promise.all(instances.map((instance) => instance.stop().catch(() => {})))
}

export function liveCount(): number {
  return live.size
}
