/**
 * The published JSON Schema of scenario files (draft 2020-12), built from what each measure needs
 * (its module's `needs`, measure/kinds/). `isobench schema` prints it, the shipped copy is
 * schemas/scenario.schema.json, and validate.ts checks files against this very object, so the
 * editor's view and isobench's view of a valid file cannot drift apart.
 */
import { MEASURES, type Measure } from './types.js'

/** The fields each measure requires of a scenario file (`workload`, `probes`, ...). */
export type MeasureNeeds = Readonly<Record<Measure, readonly string[]>>

/** A schema node, as plain JSON. */
export type ScenarioSchema = ReturnType<typeof scenarioSchema>

const workloadPath = {
  type: 'string',
  minLength: 1,
  description: 'a path to a .js file, relative to the scenario file',
}

const limits = {
  type: 'object',
  description: 'an object of limits (memoryMb, timeoutMs, pidsLimit, cpus)',
  additionalProperties: false,
  properties: {
    memoryMb: { type: 'integer', minimum: 8, maximum: 65536, description: 'Memory cap per instance in MiB: container limit (+64 MiB headroom), node heap cap, isolate memoryLimit.' },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 3600000, description: 'Per start and per request timeout in milliseconds.' },
    pidsLimit: { type: 'integer', minimum: 8, maximum: 100000, description: 'Container pids limit (node needs about 7 tasks).' },
    cpus: { type: 'number', minimum: 0, maximum: 1024, description: 'CPU quota in cores for each container and child process cgroup (0 = none).' },
  },
}

const perRuntimeCount = {
  description: 'a count from 1 to 100000, or an object mapping a runtime name (or the part before ":", or "*") to such a count',
  anyOf: [
    { type: 'integer', minimum: 1, maximum: 100000 },
    { type: 'object', propertyNames: { minLength: 1 }, additionalProperties: { type: 'integer', minimum: 1, maximum: 100000 } },
  ],
}

/** The scenario schema as a plain JSON value: the fields, then one `if measure … then required …` per measure. */
export function scenarioSchema(needs: MeasureNeeds) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:isobench:schemas:scenario',
    title: 'isobench scenario',
    description: 'A scenario: a measure kind, a workload and its options. Data only; isobench never executes it. Options left out take the measure\'s defaults; the command line overrides them.',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'measure'],
    properties: {
      $schema: { type: 'string', description: 'the URL or path of this schema, for editors' },
      name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'a name of letters, digits, dot, dash or underscore' },
      description: { type: 'string', description: 'a string' },
      measure: { enum: [...MEASURES], description: 'What is measured.' },
      workload: { ...workloadPath, description: 'a path to a .js, .mjs or .ts file, relative to the scenario file (noisy-neighbour: the neighbour); one that imports packages is bundled' },
      input: { description: 'Any JSON value, handed to the handler on every request.' },
      platform: { enum: ['neutral', 'node'], description: 'What the workload may use: neutral (the language only, every runtime; the default) or node (Node\'s APIs: only process, docker and worker run it, the others are skipped).' },
      runs: { type: 'integer', minimum: 1, maximum: 100000, description: 'Measured runs per runtime (cold starts, warm requests, calls).' },
      warmup: { type: 'integer', minimum: 0, maximum: 100000, description: 'Warm-up runs per runtime, discarded.' },
      runtimes: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description: 'a non-empty list of runtime names' },
      limits,
      instances: { ...perRuntimeCount, description: `memory: live instances per runtime; ${perRuntimeCount.description}` },
      steps: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 100000 }, description: 'density: a non-empty list of instance counts from 1 to 100000, e.g. [1, 10, 100, 1000]' },
      maxInstances: { ...perRuntimeCount, description: `density: the most live instances per runtime; ${perRuntimeCount.description}` },
      memoryBudgetMb: { type: 'integer', minimum: 1, maximum: 1048576, description: 'density and memory: start no more instances once host MemAvailable dropped by this many MiB (default: half of it, at most 8192).' },
      timeBudgetS: { type: 'integer', minimum: 1, maximum: 86400, description: 'density: stop stepping a runtime after this many seconds.' },
      windowMs: { type: 'integer', minimum: 100, maximum: 600000, description: 'noisy-neighbour: how long the victim is measured, alone and beside the neighbour.' },
      hostMemoryMb: { type: 'integer', minimum: 16, maximum: 1048576, description: 'noisy-neighbour: a shared memory budget (MiB) holding the victim and its neighbours, one cgroup per variant, as a small host would (process, deno, workerd and docker; cgroup v1).' },
      hostCpus: { type: 'number', minimum: 0.01, maximum: 1024, description: 'noisy-neighbour: a shared CPU quota (cores) holding the victim and its neighbours, in the same group as hostMemoryMb.' },
      neighbours: { oneOf: [{ type: 'integer', minimum: 1, maximum: 64 }, { const: 'cores' }], description: 'noisy-neighbour: how many neighbours run at once: a number from 1 to 64, or "cores" for one per CPU core (default 1).' },
      victim: {
        type: 'object',
        description: 'an object with the victim\'s workload (and input)',
        additionalProperties: false,
        required: ['workload'],
        properties: { workload: workloadPath, input: { description: 'Any JSON value.' } },
      },
      limited: { ...limits, description: 'noisy-neighbour: the neighbour\'s limits in the "with limits" variant; an object of limits (memoryMb, timeoutMs, pidsLimit, cpus)' },
      unlimited: { ...limits, description: 'noisy-neighbour: the neighbour\'s limits in the "without limits" variant; an object of limits (memoryMb, timeoutMs, pidsLimit, cpus)' },
      probes: {
        type: 'array',
        minItems: 1,
        description: 'isolation: a non-empty list of probes {name, workload, attempt?, input?}',
        items: {
          type: 'object',
          description: 'a probe {name, workload, attempt?, input?}',
          additionalProperties: false,
          required: ['name', 'workload'],
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'a name of letters, digits, dot, dash or underscore' },
            workload: workloadPath,
            attempt: { type: 'string', description: 'what the probe tries, in words' },
            input: { description: 'Any JSON value.' },
          },
        },
      },
    },
    allOf: MEASURES.map((measure) => ({ if: { properties: { measure: { const: measure } } }, then: { required: [...needs[measure]] } })),
  } as const
}
