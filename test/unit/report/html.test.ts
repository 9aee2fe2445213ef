import { describe, expect, it } from 'vitest'
import { measureTables } from '../../../src/measure/kinds/index.js'
import { analyseRun } from '../../../src/analysis/index.js'
import type { RunResult } from '../../../src/result.js'
import { escapeHtml, renderHtml, renderHtmlPage, scopeSvgIds, type RenderedChart } from '../../../src/report/html.js'
import { handBuiltResult } from '../../fixtures/result.js'

describe('HTML report', () => {
  it('escapes text for content and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })

  it('prefixes SVG ids and their references so that several charts can share a page', () => {
    const svg = '<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>'
    expect(scopeSvgIds(svg, 'c2')).toBe('<svg><clipPath id="c2-clip1"><rect/></clipPath><g clip-path="url(#c2-clip1)"><use href="#c2-clip1"/></g></svg>')
  })

  it('lays out a figure per chart with its notes, the headline table and the environment', () => {
    const chart: RenderedChart = { id: 'cold-start-x', kind: 'distribution', title: 'T <1>', spec: {} as RenderedChart['spec'], notes: ['a & b'], svg: '<svg id="s"></svg>' }
    const html = renderHtmlPage(analyseRun(handBuiltResult()), new Map([['cold-start', [chart]]]), { tablesOf: measureTables })
    expect(html).toContain('<figure class="chart" id="chart-cold-start-x" data-chart-kind="distribution">')
    expect(html).toContain('<figcaption>T &lt;1&gt;</figcaption>')
    expect(html).toContain('<svg id="chart-cold-start-x-s"></svg>')
    expect(html).toContain('<li>a &amp; b</li>')
    expect(html).toContain('<td>docker</td><td colspan="8">skipped: Docker is not reachable | socket; start dockerd</td>')
    expect(html).toContain('Start &lt;fast&gt; &amp; answer')
    expect(html).toContain('<td>runtimes.isolate.version</td><td>isolated-vm 5.0.4</td>')
  })

  it('is one offline file: no script, no external resource, a policy that forbids both', async () => {
    const html = await renderHtml(analyseRun(handBuiltResult()), { tablesOf: measureTables })
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|(src|href)="(https?:)?\/\//i)
    expect(html.match(/<figure class="chart"/g)).toHaveLength(3)
    expect(html.match(/<svg[ >]/g)).toHaveLength(3)
  })

  it('shows the claims summary before the scenarios when the result has one', () => {
    const verdict = { id: 'c1', claim: 'isolates start <100x> faster', source: 'vendor', criterion: 'ratio ≥ 100', scenario: 'cold-start', runtime: 'process', measured: 'process/isolate 15x', figure: '15x', value: 15, ci: null, verdict: 'refuted' }
    const run = analyseRun({ ...handBuiltResult(), claims: [verdict] } as RunResult)
    const html = renderHtmlPage(run, new Map(), { tablesOf: measureTables })
    expect(html).toContain('<tr><td>1. isolates start &lt;100x&gt; faster</td><td>✘ 15x</td></tr>')
    expect(html).toContain('<li>1. isolates start &lt;100x&gt; faster. Source: vendor. Confirmed here when: ratio ≥ 100.</li>')
    expect(html).not.toContain('REFUTED')
    const detailed = renderHtmlPage(run, new Map(), { tablesOf: measureTables, claimsDetail: true })
    expect(detailed).toContain('<tr><td>isolates start &lt;100x&gt; faster [1]</td><td>ratio ≥ 100</td><td>cold-start: process/isolate 15x</td><td>REFUTED</td></tr>')
    expect(detailed).toContain('<li>[1] vendor</li>')
    expect(html.indexOf('id="claims"')).toBeLessThan(html.indexOf('id="scenario-cold-start"'))
  })
})
