// alloc: allocates input.mb MiB (default 16) on the heap on its first request and holds it, then
// answers small. Uses only the language.
const held = []

export default function handler(input) {
  const mb = input && Number.isInteger(input.mb) ? input.mb : 16
  while (held.length < mb) held.push(new Array(131072).fill(held.length)) // 131072 small ints = 1 MiB
  return { heldMb: held.length }
}
