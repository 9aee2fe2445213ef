/** Pure (no IO): a Vega-Lite spec compiled by vega-lite and rendered to an SVG string by vega, headless. */
import type { TopLevelSpec } from 'vega-lite'

type VegaModules = [typeof import('vega'), typeof import('vega-lite')]
let modules: Promise<VegaModules> | undefined

/** vega is loaded on first use only: the other commands do not pay for it. */
function load(): Promise<VegaModules> {
  modules ??= Promise.all([import('vega'), import('vega-lite')])
  return modules
}

/** Renders a spec whose data are inline to a standalone `<svg>` element (no script, no network). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await load()
  // Warnings go nowhere: a renderer prints nothing (errors still throw).
  const compiled = vegaLite.compile(spec, { logger: vega.logger(vega.Error) }).spec
  // A loader that refuses everything: the data are inline, and a report never fetches.
  const loader = vega.loader()
  loader.load = async (uri: string) => {
    throw new Error(`isobench reports render offline; refused to load ${uri}`)
  }
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader, logLevel: vega.Error })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
