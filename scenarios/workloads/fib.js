// fib: CPU-bound, naive recursive Fibonacci of input.n (default 27). Uses only the language.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2)
}

export default function handler(input) {
  const n = input && Number.isInteger(input.n) ? input.n : 27
  return { n, fib: fib(n) }
}
