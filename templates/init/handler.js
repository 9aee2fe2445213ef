// The workload isobench measures: one ES module whose default export is the handler (sync or
// async). Use only the language (no require, no imports, no Node APIs): the same file runs
// unchanged in a container, a child process and a V8 isolate. Put the code you ship in here.
export default function handler(input) {
  const name = input && typeof input.name === 'string' ? input.name : 'world'
  return { message: `hello, ${name}` }
}
