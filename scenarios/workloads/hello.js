// hello: a small JSON answer. Uses only the language: it runs unchanged in every runtime.
export default function handler(input) {
  const name = input && typeof input.name === 'string' ? input.name : 'world'
  return { message: `hello, ${name}`, length: name.length }
}
