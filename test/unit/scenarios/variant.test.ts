import { describe, expect, it } from 'vitest'
import { parseVariantSpec } from '../../../src/scenarios/variant.js'

describe('variant specs', () => {
  it('reads node=, image= and workload=, and anything else as a directory', () => {
    expect(parseVariantSpec('node=/opt/node/bin/node', 'head')).toEqual({ kind: 'node', path: '/opt/node/bin/node' })
    expect(parseVariantSpec('image=node:22-slim', 'head')).toEqual({ kind: 'image', name: 'node:22-slim' })
    expect(parseVariantSpec('workload=./slow.js', 'head')).toEqual({ kind: 'workload', file: './slow.js' })
    expect(parseVariantSpec('../base', 'base')).toEqual({ kind: 'dir', dir: '../base' })
  })

  it('rejects an unknown kind and an empty value in one line', () => {
    expect(() => parseVariantSpec('nod=/x', 'head')).toThrow('--head nod=/x: unknown kind "nod="')
    expect(() => parseVariantSpec('image=', 'base')).toThrow('--base image=: nothing after "="')
  })
})
