// probe: allocate memory outside the V8 heap (input.mb MiB of ArrayBuffers, default 512, each
// byte written so it is resident) and hold it. A heap cap does not see it; a cgroup limit and
// isolated-vm's memoryLimit (which counts external memory) do. Uses only the language.
const held = []

export default function probe(input) {
  const mb = input && Number.isInteger(input.mb) ? input.mb : 512
  while (held.length < mb / 8) held.push(new Uint8Array(8 * 1024 * 1024).fill(1))
  return { outcome: 'allowed', detail: `allocated and held ${held.length * 8} MiB of ArrayBuffers, not stopped` }
}
