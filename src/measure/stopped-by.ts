/**
 * What stopped a workload, from the error its request ended with. Pure. The messages come from
 * the adapters and the engines: isolated-vm ("Isolate was disposed during execution due to memory
 * limit", "Script execution timed out."), node ("Reached heap limit"), the channel ("no answer
 * within N ms (timeout)", "the process exited (SIGKILL)", "the instance closed its output").
 */
export function stoppedBy(error: string): string {
  if (/memory limit|disposed/i.test(error)) return 'isolate memoryLimit'
  if (/Array buffer allocation failed/i.test(error)) return 'isolate memoryLimit (allocation refused)'
  if (/heap limit|heap out of memory|allocation failed/i.test(error)) return 'node heap cap (--max-old-space-size)'
  if (/Script execution timed out/i.test(error)) return 'isolate timeout'
  if (/\(timeout\)|timed out/i.test(error)) return 'request timeout (the harness stops the instance)'
  if (/SIGKILL|code 137/i.test(error) || /\bOOM/.test(error)) return 'killed by the kernel (memory limit)'
  if (/exited|closed its output|died/i.test(error)) return 'the instance died'
  return 'an error'
}
