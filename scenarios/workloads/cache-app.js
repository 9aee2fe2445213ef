// cache-app: a victim that holds a cache, as a web app does: the first request fills input.cacheMb
// MiB (default 64) and keeps it; every request answers from it. Uses only the language.
const cache = []

export default function handler(input) {
  const mb = input && Number.isInteger(input.cacheMb) ? input.cacheMb : 64
  for (let i = cache.length; i < mb; i++) cache.push(new Array(131072).fill(i)) // 131072 small ints = 1 MiB
  return { cachedMb: cache.length, first: cache[0] ? cache[0][0] : null }
}
