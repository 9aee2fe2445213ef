/**
 * What stopped a workload, from the error its request ended with. Pure. The messages come from
 * the adapters and the engines: isolated-vm ("Isolate was disposed during execution due to memory
 * limit", "Array buffer allocation failed", "Script execution timed out."), node:vm ("Script
 * execution timed out after 1000ms"), node ("FATAL ERROR: Reached heap limit ... JavaScript heap
 * out of memory"), the adapters ("... out of memory: the
 * cgroup memory limit", "the container was killed: out of memory (its memory limit)"), and the
 * channel ("no answer within N ms (timeout)", "the process exited (SIGKILL)", "the instance closed
 * its output"), wasm ("out of memory (the instance's wasm linear memory is capped at N MiB)",
 * "interrupted at the time limit (timeout)"). workerd and deno hit the same V8 heap cap as node
 * (`--max-old-space-size`), and their fatal line says "Reached heap limit". The most specific
 * reason is tried first.
 */
const REASONS: Array<[RegExp, string]> = [
  [/Reached heap limit|JavaScript heap out of memory/i, 'V8 heap cap (--max-old-space-size)'],
  [/cgroup memory limit/i, 'cgroup memory limit (OOM kill)'],
  [/killed: out of memory|OOMKilled/i, 'container memory limit (OOM kill)'],
  [/Array buffer allocation failed/i, 'isolate memoryLimit (allocation refused)'],
  [/wasm linear memory/i, 'wasm linear memory cap'],
  [/memory limit|disposed/i, 'isolate memoryLimit'],
  [/Script execution timed out after \d+ ?ms/i, 'vm timeout (node:vm)'],
  [/Script execution timed out/i, 'isolate timeout'],
  [/\(timeout\)|timed out/i, 'request timeout (the harness stops the instance)'],
  [/SIGKILL|code 137|\bOOM\b/, 'killed by the kernel (memory limit)'],
  [/exited|closed its output|died/i, 'the instance died'],
]

/** The reason in a few words, or "an error". */
export function stoppedBy(error: string): string {
  return REASONS.find(([pattern]) => pattern.test(error))?.[1] ?? 'an error'
}

/**
 * Whose limit an OOM kill was, inside a budget group (noisy-neighbour): when the budget holds less
 * memory than the instance's own limit, the instance could not reach its own first, so the kill was
 * the budget's (the kernel marks the container OOM-killed, and the child's cgroup, either way).
 */
export function oomInBudget(reason: string, ownLimitMb: number | undefined, budgetBytes: number | null | undefined): string {
  if (!/OOM kill/.test(reason) || !budgetBytes || ownLimitMb === undefined || ownLimitMb * 1048576 < budgetBytes) return reason
  return "the budget's memory limit (OOM kill)"
}
