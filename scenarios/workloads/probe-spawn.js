// probe: start a new process (node itself, which every node sandbox has). Reports what happened.
export default async function probe() {
  let childProcess
  try {
    childProcess = await import('node:child_process')
  } catch (error) {
    return { outcome: 'unavailable', detail: `no process API: import('node:child_process') failed (${error.message})` }
  }
  try {
    const pid = childProcess.execFileSync(globalThis.process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { timeout: 5000, env: {} }).toString()
    return { outcome: 'allowed', detail: `spawned ${globalThis.process.execPath} (pid ${pid} in its namespace)` }
  } catch (error) {
    return { outcome: 'blocked', detail: `${error.code ?? 'error'}: ${error.message.split('\n')[0]}` }
  }
}
