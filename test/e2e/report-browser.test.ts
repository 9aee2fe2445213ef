/**
 * The HTML report in a real browser (headless Chromium, JavaScript off, network refused): every chart
 * has data marks, and a screenshot is saved for a human to look at. Integration test on a real run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REQUIRE_DOCKER, ROOT } from '../helpers.js'
import { coldStartRun } from './report-helpers.js'

/** Debian's chromium; ISOBENCH_CHROMIUM points elsewhere. scripts/ci/reports.sh installs it in CI. */
const CHROMIUM = process.env.ISOBENCH_CHROMIUM ?? '/usr/bin/chromium'
/** CI sets ISOBENCH_REQUIRE_BROWSER=1: then a missing browser fails instead of skipping. */
const REQUIRE_BROWSER = process.env.ISOBENCH_REQUIRE_BROWSER === '1'
const haveBrowser = existsSync(CHROMIUM)
/** Where the screenshot goes (results/ is git-ignored; CI can keep it as an artifact). */
const SCREENSHOT = process.env.ISOBENCH_SCREENSHOT ?? join(ROOT, 'results', 'browser', 'report.png')

if (!haveBrowser && !REQUIRE_BROWSER) console.warn(`skipping the browser test: no ${CHROMIUM} (apt-get install -y chromium, or scripts/ci/reports.sh)`)

describe.skipIf(!haveBrowser && !REQUIRE_BROWSER)('HTML report in headless Chromium', () => {
  let dir = ''
  let profile = ''
  let context: BrowserContext | undefined
  const requests: string[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isobench-browser-'))
    profile = mkdtempSync(join(tmpdir(), 'isobench-chromium-'))
    // Every runtime available here (docker too when CI requires it), as a user runs it.
    const runtimes = REQUIRE_DOCKER ? ['--runtime', 'docker,process,isolate'] : []
    const result = await coldStartRun(dir, ['--runs', '3', '--warmup', '1', ...runtimes])
    const html = result.replace(/\.json$/, '.html')
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      javaScriptEnabled: false,
      offline: true,
      viewport: { width: 1200, height: 900 },
    })
    const page = context.pages()[0] ?? (await context.newPage())
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' })
  })

  afterAll(async () => {
    await context?.close()
    for (const path of [dir, profile]) if (path) rmSync(path, { recursive: true, force: true })
  })

  it('shows every chart with data marks, without script or network', async () => {
    const page = context!.pages()[0]!
    const figures = page.locator('figure.chart')
    const kinds = await figures.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-chart-kind')))
    expect(kinds).toEqual(['distribution', 'phases', 'memory'])
    for (let i = 0; i < kinds.length; i++) {
      const figure = figures.nth(i)
      // Data marks: what vega draws for the data, as opposed to axes and legends.
      const marks = figure.locator('svg g.role-mark > *')
      expect(await marks.count(), `${kinds[i]} data marks`).toBeGreaterThan(0)
      const box = await figure.locator('svg').first().boundingBox()
      expect(box!.width).toBeGreaterThan(200)
      expect(box!.height).toBeGreaterThan(50)
      // ... and they are drawn: a non-empty box (a whisker is a line: one side may be 0) inside the chart.
      const drawn = await marks.evaluateAll((nodes) =>
        nodes.filter((node) => {
          const r = node.getBoundingClientRect()
          return r.width + r.height > 0 && getComputedStyle(node).visibility !== 'hidden'
        }).length,
      )
      expect(drawn, `${kinds[i]} drawn data marks`).toBeGreaterThan(0)
    }
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([])
  })

  it('saves a screenshot of the whole page', async () => {
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true })
    await context!.pages()[0]!.screenshot({ path: SCREENSHOT, fullPage: true })
    expect(existsSync(SCREENSHOT)).toBe(true)
    console.log(`screenshot of the HTML report: ${SCREENSHOT}`)
  })
})
