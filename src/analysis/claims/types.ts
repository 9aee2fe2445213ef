import type { Interval } from '../stats/bootstrap.js'

/** How a claim is checked against a result. Runtimes are registry names. */
export type ClaimCheck =
  /** median(metric of `slower`) / median(metric of `faster`) is at least `atLeast`. */
  | { kind: 'ratio-at-least'; measure: string; metric: string; slower: string; faster: string; atLeast: number }
  /** median(metric of `runtime`) is below `below`. */
  | { kind: 'below'; measure: string; metric: string; runtime: string; below: number }
  /** median(metric of every runtime) / median(metric of `baseline`) stays within ±`within` (0.1 = 10%). */
  | { kind: 'parity'; measure: string; metric: string; baseline: string; within: number }
  /**
   * In every runtime, median(`numerator`) / median(`denominator`) of the same row stays below `below`.
   * `victim` names the row's details entry (a noisy-neighbour variant) whose victim must have lived:
   * a victim that died beside its neighbour refutes the claim whatever its few samples say.
   */
  | { kind: 'slowdown-below'; measure: string; numerator: string; denominator: string; below: number; victim?: string }
  /**
   * The control of the one above: in every runtime the ratio is at least `atLeast` (the experiment
   * can show harm); a victim that died beside its neighbour confirms.
   */
  | { kind: 'slowdown-at-least'; measure: string; numerator: string; denominator: string; atLeast: number; victim?: string }
  /** density: `runtime` kept at least `atLeast` instances alive. */
  | { kind: 'reached'; measure: 'density'; runtime: string; atLeast: number }
  /** noisy-neighbour: in every runtime the limited neighbour was stopped and the victim and harness survived. */
  | { kind: 'neighbour-stopped'; measure: 'noisy-neighbour' }
  /** hardening: in every runtime, its costliest hardening adds less than `within` (0.1 = 10%) to the relaxed cold start. */
  | { kind: 'hardening-cost'; measure: 'hardening'; within: number }
  /** isolation: in `runtime`, each listed probe's outcome is one of `outcomes`. */
  | { kind: 'probes'; measure: 'isolation'; runtime: string; probes: string[]; outcomes: string[] }

/** A published claim and where it comes from. */
export interface Claim {
  id: string
  /** The claim in words, as its source makes it. */
  text: string
  source: string
  /** When this machine confirms it, in words (the threshold used). */
  criterion: string
  check: ClaimCheck
}

/** What this machine says about a claim. */
export type Verdict = 'confirmed' | 'refuted' | 'inconclusive' | 'not measured'

/** A claim beside what this run measured. */
export interface ClaimVerdict {
  id: string
  claim: string
  source: string
  criterion: string
  /** The scenario (and runtime) the figure comes from. */
  scenario: string | null
  runtime: string | null
  /** The figure in words, e.g. `docker/isolate 183x`. */
  measured: string
  /** The figure alone, short, for the claims matrix (e.g. `183x`, `1.2 ms`, `4/4 probes`); empty when not measured. */
  figure: string
  value: number | null
  ci: Interval | null
  verdict: Verdict
}
