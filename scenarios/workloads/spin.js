// spin: a noisy neighbour that burns a CPU for input.ms milliseconds (default 3000). Uses only
// the language.
export default function handler(input) {
  const ms = input && Number.isInteger(input.ms) ? input.ms : 3000
  const end = Date.now() + ms
  let spins = 0
  while (Date.now() < end) spins++
  return { spins }
}
