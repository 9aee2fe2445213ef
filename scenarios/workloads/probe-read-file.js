// probe: read a file that only the host has (input.hostFile, planted by the harness).
// Reports what happened as its output: {outcome, detail, content?}; never throws.
export default async function probe(input) {
  let fs
  try {
    fs = await import('node:fs')
  } catch (error) {
    return { outcome: 'unavailable', detail: `no file API: import('node:fs') failed (${error.message})` }
  }
  try {
    const content = fs.readFileSync(input.hostFile, 'utf8')
    return { outcome: 'allowed', detail: `read ${content.length} bytes of ${input.hostFile}`, content }
  } catch (error) {
    return { outcome: 'blocked', detail: `${error.code ?? 'error'}: ${error.message}` }
  }
}
