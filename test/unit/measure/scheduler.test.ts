import { describe, expect, it } from 'vitest'
import { armOrder } from '../../../src/measure/scheduler.js'

describe('the order of arms in a round', () => {
  it('alternates two arms round by round: A B, B A, A B', () => {
    expect([0, 1, 2, 3].map((round) => armOrder(round, 2))).toEqual([[0, 1], [1, 0], [0, 1], [1, 0]])
  })

  it('keeps a single arm in place', () => {
    expect(armOrder(5, 1)).toEqual([0])
  })
})
