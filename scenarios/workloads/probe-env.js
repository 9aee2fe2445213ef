// probe: read the host's environment variables: its own process.env, then its parent's
// /proc/<ppid>/environ. Reports the variable NAMES it saw (never values); the harness judges
// whether they are the host's. Never throws.
export default async function probe() {
  const proc = globalThis.process
  if (!proc) return { outcome: 'unavailable', detail: 'no process object (globalThis.process is undefined), so no env' }
  const names = new Set(Object.keys(proc.env))
  let source = 'process.env'
  try {
    const fs = await import('node:fs')
    const raw = fs.readFileSync(`/proc/${proc.ppid}/environ`, 'utf8')
    for (const entry of raw.split('\0')) if (entry) names.add(entry.split('=')[0])
    source += ` and /proc/${proc.ppid}/environ`
  } catch (error) {
    source += ` (parent's environ: ${error.code ?? error.message})`
  }
  return { outcome: 'allowed', detail: `read ${source}`, names: [...names] }
}
