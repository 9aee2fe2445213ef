/** Options that choose how runtimes start their instances; set once per run from the CLI. */
export interface RuntimeOptions {
  /** The node binary for the process and docker runtimes (default: the one running isobench). */
  nodePath: string
  /** A container image to use instead of the locally built one. */
  image?: string
}

/** A registry entry: builds a runtime from the run's options. */
export type RuntimeFactory = (options: RuntimeOptions) => import('./types.js').Runtime
