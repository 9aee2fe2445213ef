// leak: a noisy neighbour that keeps what it allocates: each request adds input.mb MiB
// (default 384) to the heap and never frees it. Uses only the language.
const held = []

export default function handler(input) {
  const mb = input && Number.isInteger(input.mb) ? input.mb : 384
  for (let i = 0; i < mb; i++) held.push(new Array(131072).fill(i)) // 131072 small ints = 1 MiB
  return { heldMb: held.length }
}
