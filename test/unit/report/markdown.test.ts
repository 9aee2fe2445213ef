import { describe, expect, it } from 'vitest'
import { measureTables } from '../../../src/measure/kinds/index.js'
import { analyseRun } from '../../../src/analysis/index.js'
import type { RunResult } from '../../../src/result.js'
import { markdownCell, renderMarkdown } from '../../../src/report/markdown.js'
import { handBuiltResult } from '../../fixtures/result.js'

function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('| '))
}

/** Cells of a table line, splitting on pipes that are not escaped. */
function cells(line: string): string[] {
  return line.slice(2, -2).split(/(?<!\\) \| /)
}

describe('Markdown report', () => {
  const markdown = renderMarkdown(analyseRun(handBuiltResult()), { tablesOf: measureTables })

  it('shows the terminal\'s headline table: n, median with its CI, spread, memory and the ratio to the fastest', () => {
    // Reference: isolate [1, 2, 3] → median 2; a bootstrap median of 3 draws equals the smallest value
    // with P = 3·(1/3)²·(2/3) + (1/3)³ = 7/27 ≈ 26% > 2.5%, so the 95% CI is [min, max] = 1–3.
    expect(markdown).toContain('| isolate | 3 | 2.00 [1.00–3.00] | 2.90 | 1.00–3.00 |  | 2.0 MiB | 1.00x (fastest) |  |')
    // Reference: process [20, 30, 40], ratio 30 / 2 = 15; ratio CI bounds: 20/3 = 6.67 and 40/1 = 40,
    // each with P = (7/27)² ≈ 6.7% > 2.5%.
    expect(markdown).toContain('| process | 3 (+1 failed) | 30.0 [20.0–40.0] | 39.0 | 20.0–40.0 | 40.0 MiB |  | 15.0x slower, 95% CI 6.67–40.0x |  |')
  })

  it('says why a runtime has no figures, escaping pipes, with one cell per column', () => {
    const rows = tableRows(markdown)
    const docker = rows.find((row) => row.startsWith('| docker |'))!
    expect(docker).toContain('skipped: Docker is not reachable \\| socket; start dockerd')
    const header = rows.find((row) => row.startsWith('| runtime |'))!
    expect(cells(docker)).toHaveLength(cells(header).length)
  })

  it('gives every table line as many cells as its header', () => {
    let width = 0
    for (const line of tableRows(markdown)) {
      if (line.startsWith('| runtime |') || line.startsWith('| metric |') || line.startsWith('| key |')) width = cells(line).length
      else expect(cells(line)).toHaveLength(width)
    }
  })

  it('folds every metric and the environment into <details>, with HTML in text escaped', () => {
    expect(markdown).toContain('<details><summary>Every metric (median [95% CI])</summary>')
    expect(markdown).toContain('| metric | process | isolate |')
    expect(markdown).toContain('| memory_rss_bytes | 40.0 MiB [40.0 MiB–40.0 MiB] |  |')
    expect(markdown).toContain('Start &lt;fast&gt; & answer')
    expect(markdown).toContain('| runtimes.isolate.version | isolated-vm 5.0.4 |')
    expect(markdownCell('a|b\nc')).toBe('a\\|b c')
  })

  it('marks an interrupted run', () => {
    expect(markdown).not.toContain('incomplete')
    expect(renderMarkdown(analyseRun({ ...handBuiltResult(), complete: false }), { tablesOf: measureTables })).toContain('**incomplete: the run was interrupted**')
  })

  it('puts the claims summary first when the result has one', () => {
    const verdict = { id: 'c1', claim: 'isolates start 100x faster', source: 'vendor | blog', criterion: 'ratio ≥ 100', scenario: 'cold-start', runtime: 'process', measured: 'process/isolate 15x', figure: '15x', value: 15, ci: null, verdict: 'refuted' }
    const skipped = { ...verdict, id: 'c2', claim: 'not run here', scenario: null }
    const run = analyseRun({ ...handBuiltResult(), claims: [verdict, skipped] } as RunResult)
    const withClaims = renderMarkdown(run, { tablesOf: measureTables })
    expect(withClaims).toContain('| claim | process |')
    expect(withClaims).toContain('| 1. isolates start 100x faster | ✘ 15x |')
    expect(withClaims).toContain('- 1. isolates start 100x faster. Source: vendor \\| blog. Confirmed here when: ratio ≥ 100.')
    const detailed = renderMarkdown(run, { tablesOf: measureTables, claimsDetail: true })
    expect(detailed).toContain('| isolates start 100x faster [1] | ratio ≥ 100 | cold-start: process/isolate 15x | REFUTED |')
    expect(detailed).toContain('- [1] vendor \\| blog')
    expect(withClaims).not.toContain('not run here')
    expect(withClaims.indexOf('### Claims')).toBeLessThan(withClaims.indexOf('### cold-start'))
    expect(markdown).not.toContain('### Claims')
  })
})
