/**
 * The claims isobench tests, with their sources (the team's anchors.md cites them in full).
 * Thresholds turn a claim's words into a test: "~100x" is confirmed when the ratio's 95% CI lies
 * above 50x (half an order of magnitude around 100 starts at ~32x; 50x is the stricter reading).
 */
import type { Claim } from './types.js'

const CLOUDFLARE_2018 = 'Cloudflare, "Cloud Computing without Containers" (2018)'
const ISOLATION_SCALE = 'the isolation scale of the source texts (VMs: own kernel, strongest isolation, "significantly more resources than containers", start-up in "minutes")'

/** Every claim the claims summary checks, in the order it lists them. */
export const CLAIMS: Claim[] = [
  {
    id: 'cold-start-vs-container',
    text: 'V8 isolates start ~100x faster than containerized Node',
    source: CLOUDFLARE_2018,
    criterion: 'docker/isolate cold start ratio, CI above 50x',
    check: { kind: 'ratio-at-least', measure: 'cold-start', metric: 'cold_start_ms', slower: 'docker', faster: 'isolate', atLeast: 50 },
  },
  {
    id: 'cold-start-vs-process',
    text: 'V8 isolates start ~100x faster than a Node process',
    source: CLOUDFLARE_2018,
    criterion: 'process/isolate cold start ratio, CI above 50x',
    check: { kind: 'ratio-at-least', measure: 'cold-start', metric: 'cold_start_ms', slower: 'process', faster: 'isolate', atLeast: 50 },
  },
  {
    id: 'isolate-cold-start-5ms',
    text: 'An isolate starts in under 5 ms',
    source: `${CLOUDFLARE_2018}; Cloudflare, "Eliminating cold starts" (2020)`,
    criterion: 'isolate cold start median, CI below 5 ms',
    check: { kind: 'below', measure: 'cold-start', metric: 'cold_start_ms', runtime: 'isolate', below: 5 },
  },
  {
    id: 'warm-sub-ms',
    text: 'A warm request to an isolate takes under a millisecond',
    source: 'isolate platforms (Workers, isolated-vm benchmarks)',
    criterion: 'isolate warm invoke median, CI below 1 ms',
    check: { kind: 'below', measure: 'warm-invoke', metric: 'warm_invoke_ms', runtime: 'isolate', below: 1 },
  },
  {
    id: 'memory-vs-process',
    text: 'Isolates use an order of magnitude less memory than a Node process (~3 MB vs ~35 MB)',
    source: CLOUDFLARE_2018,
    criterion: 'host memory per instance, process/isolate ratio, CI above 10x',
    check: { kind: 'ratio-at-least', measure: 'memory', metric: 'memory_host_bytes', slower: 'process', faster: 'isolate', atLeast: 10 },
  },
  {
    id: 'memory-vs-container',
    text: 'Isolates use an order of magnitude less memory than containers',
    source: `${CLOUDFLARE_2018}; Faasm (ATC'20)`,
    criterion: 'host memory per instance, docker/isolate ratio, CI above 10x',
    check: { kind: 'ratio-at-least', measure: 'memory', metric: 'memory_host_bytes', slower: 'docker', faster: 'isolate', atLeast: 10 },
  },
  {
    id: 'density-thousands',
    text: 'Thousands of isolates run in one runtime process',
    source: CLOUDFLARE_2018,
    criterion: 'density: 1000 live isolates reached',
    check: { kind: 'reached', measure: 'density', runtime: 'isolate', atLeast: 1000 },
  },
  {
    id: 'cpu-parity',
    text: 'The sandbox does not slow the code itself (same V8, same JIT)',
    source: 'V8 embedder model; Faasm (ATC\'20) for the Wasm counterpart',
    criterion: 'CPU-bound call, CPU time read inside the sandbox during the call, runtime/process ratio, CI within ±10%',
    check: { kind: 'parity', measure: 'cpu', metric: 'cpu_usage_ms', baseline: 'process', within: 0.1 },
  },
  {
    id: 'limits-stop-neighbours',
    text: 'Limits stop a noisy neighbour (isolate memoryLimit/timeout, container limits, node heap cap) and the host survives',
    source: 'isolated-vm README; Docker resource constraints',
    criterion: 'in every runtime the limited neighbour was stopped, the victim still answers, the harness survived',
    check: { kind: 'neighbour-stopped', measure: 'noisy-neighbour' },
  },
  {
    id: 'limited-neighbour-harmless',
    text: 'With limits, a noisy neighbour barely slows the instances beside it',
    source: 'performance isolation of multi-tenant runtimes (design notes)',
    criterion: 'victim median beside the limited neighbour ÷ alone, CI below 2x, per runtime; a victim that died beside it refutes',
    check: { kind: 'slowdown-below', measure: 'noisy-neighbour', numerator: 'victim_beside_limited_ms', denominator: 'victim_alone_ms', below: 2, victim: 'limited' },
  },
  {
    id: 'unlimited-neighbour-harms',
    text: 'Without limits, a noisy neighbour on a shared host harms the instances beside it (the control: the experiment can show harm)',
    source: 'the seed\'s story: a pipeline consuming all available memory crashes the web app',
    criterion: 'victim median beside the unlimited neighbour ÷ alone, CI at or above 1.5x, per runtime; a victim that died beside it confirms',
    check: { kind: 'slowdown-at-least', measure: 'noisy-neighbour', numerator: 'victim_beside_unlimited_ms', denominator: 'victim_alone_ms', atLeast: 1.5, victim: 'unlimited' },
  },
  {
    id: 'hardening-cheap',
    text: 'Hardening is nearly free at start: no single protection adds more than 10% to a cold start',
    source: 'design notes (hardened by default); Docker security docs',
    criterion: 'per runtime, the costliest hardening: median all in force ÷ median it relaxed, CI below 1.10x',
    check: { kind: 'hardening-cost', measure: 'hardening', within: 0.1 },
  },
  {
    id: 'isolate-no-host-api',
    text: 'An isolate has no file, environment, network or process API',
    source: 'isolated-vm README (a bare V8 context)',
    criterion: 'isolate: read-file, env, network and spawn probes all unavailable',
    check: { kind: 'probes', measure: 'isolation', runtime: 'isolate', probes: ['read-file', 'env', 'network', 'spawn'], outcomes: ['unavailable'] },
  },
  {
    id: 'container-contains',
    text: 'A hardened container keeps a workload from the host\'s files, environment and network',
    source: 'Docker security docs (namespaces, --network none)',
    criterion: 'docker: read-file, env and network probes blocked; memory and forever stopped',
    check: { kind: 'probes', measure: 'isolation', runtime: 'docker', probes: ['read-file', 'env', 'network', 'memory', 'forever'], outcomes: ['blocked', 'unavailable', 'stopped'] },
  },
  {
    id: 'vm-starts-slower',
    text: 'VMs start far slower than containers',
    source: ISOLATION_SCALE,
    criterion: 'qemu/docker cold start ratio, CI above 5x (a TCG row overstates a KVM guest: see its note)',
    check: { kind: 'ratio-at-least', measure: 'cold-start', metric: 'cold_start_ms', slower: 'qemu', faster: 'docker', atLeast: 5 },
  },
  {
    id: 'vm-memory-vs-container',
    text: 'A VM costs more memory than a container',
    source: ISOLATION_SCALE,
    criterion: 'host memory per instance, qemu/docker ratio, CI above 2x',
    check: { kind: 'ratio-at-least', measure: 'memory', metric: 'memory_host_bytes', slower: 'qemu', faster: 'docker', atLeast: 2 },
  },
  {
    id: 'process-exposed',
    text: 'A child process is not isolated from the host\'s network and process table (no namespaces; run as root, isobench starts it as nobody, which keeps the harness\'s files and environment from it)',
    source: 'design notes (isolation strength: process < container < VM)',
    criterion: 'process: network and spawn probes both allowed',
    check: { kind: 'probes', measure: 'isolation', runtime: 'process', probes: ['network', 'spawn'], outcomes: ['allowed'] },
  },
]
