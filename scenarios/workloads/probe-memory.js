// probe: allocate more than the memory limit (input.mb MiB on the heap, default 512) and hold it.
// If nothing stops it, it says so; otherwise the runtime's error says what stopped it.
const held = []

export default function probe(input) {
  const mb = input && Number.isInteger(input.mb) ? input.mb : 512
  while (held.length < mb) held.push(new Array(131072).fill(held.length)) // 131072 small ints = 1 MiB
  return { outcome: 'allowed', detail: `allocated and held ${held.length} MiB, not stopped` }
}
