import { describe, expect, it } from 'vitest'
import { createProgress, formatDuration, progressText } from '../../../src/measure/progress.js'

function fakeStream(isTTY: boolean) {
  const chunks: string[] = []
  return { chunks, stream: { isTTY, write: (chunk: string) => chunks.push(chunk) > 0 } }
}

describe('progress line', () => {
  it('formats durations for a glance', () => {
    expect(formatDuration(0.2)).toBe('1 s')
    expect(formatDuration(59)).toBe('59 s')
    expect(formatDuration(185)).toBe('3m05s')
    expect(formatDuration(3720)).toBe('1h02m')
  })

  it('estimates the time left from the mean time per sample', () => {
    // Reference: 5 of 20 samples in 10 s → 2 s each → 15 left × 2 s = 30 s
    expect(progressText('cold-start [docker]', 5, 20, 10)).toBe('cold-start [docker]: 5/20 samples (25%), 10 s elapsed, ETA 30 s')
    expect(progressText('x', 0, 20, 0)).toBe('x: 0/20 samples (0%), 0 s elapsed')
    expect(progressText('x', 20, 20, 40)).toBe('x: 20/20 samples (100%), 40 s elapsed')
  })

  it('rewrites one line on a terminal and clears it before a log line', () => {
    const { chunks, stream } = fakeStream(true)
    let now = 0
    const progress = createProgress({ quiet: false, stream, nowMs: () => now })
    progress.update('a', 1, 4)
    now = 2000
    progress.update('a', 2, 4)
    progress.log('note')
    // The clock starts at the first update: that sample is not timed, so no ETA yet; then 1 sample in 2 s → 2 left × 2 s
    expect(chunks).toEqual(['\r\x1b[Ka: 1/4 samples (25%), 0 s elapsed', '\r\x1b[Ka: 2/4 samples (50%), 2 s elapsed, ETA 4 s', '\r\x1b[K', 'note\n'])
  })

  it('starts the clock again for the next scenario, even when its total is the same', () => {
    const { chunks, stream } = fakeStream(true)
    let now = 0
    const progress = createProgress({ quiet: false, stream, nowMs: () => now })
    progress.update('noisy-leak [docker]', 1, 26)
    now = 79_000
    progress.update('noisy-leak [wasm]', 26, 26)
    now = 84_000
    progress.update('noisy-spin [docker]', 1, 26)
    now = 89_000
    progress.update('noisy-spin [docker]', 2, 26)
    expect(chunks.slice(2)).toEqual(['\r\x1b[Knoisy-spin [docker]: 1/26 samples (3%), 0 s elapsed', '\r\x1b[Knoisy-spin [docker]: 2/26 samples (7%), 5 s elapsed, ETA 2m00s'])
  })

  it('writes a plain line per quarter when not a terminal, and nothing when quiet', () => {
    const { chunks, stream } = fakeStream(false)
    const progress = createProgress({ quiet: false, stream, nowMs: () => 0 })
    for (let done = 1; done <= 8; done++) progress.update('a', done, 8)
    expect(chunks.map((c) => c.split(':')[1]!.trim().split(' ')[0])).toEqual(['1/8', '2/8', '4/8', '6/8', '8/8'])
    const quiet = fakeStream(false)
    const silent = createProgress({ quiet: true, stream: quiet.stream })
    silent.update('a', 1, 2)
    silent.log('x')
    expect(quiet.chunks).toEqual([])
  })
})
