// noop: does nothing; the floor of what a request costs. Uses only the language.
export default function handler() {
  return null
}
