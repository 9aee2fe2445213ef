/** docs/kubernetes.md: its manifests parse as YAML and have the fields the text relies on; the Job's args are a valid isobench command line. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { parseRuntimeList } from '../../src/commands/run.js'
import { SELF_IMAGE_REPO } from '../../src/runtimes/docker/self-image.js'
import { shippedScenarioNames } from '../../src/scenarios/load.js'
import { ROOT } from '../helpers.js'

const text = readFileSync(join(ROOT, 'docs/kubernetes.md'), 'utf8')
const manifests = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((block) =>
  parseAllDocuments(block[1]!).map((doc) => {
    expect(doc.errors).toEqual([])
    return doc.toJS() as Record<string, any>
  }),
)
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind)

describe('docs/kubernetes.md', () => {
  it('has an Indexed Job with one pod per node', () => {
    const [job] = byKind('Job')
    expect(job).toBeDefined()
    expect(job!.apiVersion).toBe('batch/v1')
    const { spec } = job!
    expect(spec.completionMode).toBe('Indexed')
    expect(spec.completions).toBe(spec.parallelism)
    const pod = spec.template.spec
    expect(pod.restartPolicy).toBe('Never')
    const [spread] = pod.topologySpreadConstraints
    expect(spread).toMatchObject({ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' })
    expect(spec.template.metadata.labels).toMatchObject(spread.labelSelector.matchLabels) // the constraint counts the Job's own pods
    const [container] = pod.containers
    expect(container.image.startsWith(`${SELF_IMAGE_REPO}:`)).toBe(true)
    expect(container.env).toContainEqual({ name: 'ISOBENCH_HOST', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } })
  })

  it('runs a valid isobench command line that prints the result as JSON', () => {
    const args = byKind('Job')[0]!.spec.template.spec.containers[0].args as string[]
    expect(args[0]).toBe('run')
    expect(args).toContain('--json')
    expect(shippedScenarioNames()).toContain(args[args.indexOf('--scenario') + 1])
    expect(() => parseRuntimeList(args[args.indexOf('--runtime') + 1]!)).not.toThrow()
  })

  it('has RuntimeClasses for gVisor and Kata', () => {
    const classes = byKind('RuntimeClass')
    expect(classes.map((c) => [c.apiVersion, c.metadata.name, c.handler])).toEqual([['node.k8s.io/v1', 'gvisor', 'runsc'], ['node.k8s.io/v1', 'kata', 'kata']])
  })

  it('states the 1-second resolution of pod condition timestamps', () => {
    expect(text).toMatch(/1-second resolution/)
    expect(text).toMatch(/PodScheduled.*Initialized.*ContainersReady/s)
  })
})
