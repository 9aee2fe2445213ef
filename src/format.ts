/** Pure number formatting for tables and messages. */

/** Milliseconds with precision that suits the magnitude: 0.412, 3.21, 41.2, 219. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–'
  const abs = Math.abs(ms)
  if (abs < 1) return ms.toFixed(3)
  if (abs < 10) return ms.toFixed(2)
  if (abs < 100) return ms.toFixed(1)
  return ms.toFixed(0)
}

/** Bytes as MiB with one decimal (or KiB below 1 MiB). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–'
  const mib = bytes / (1024 * 1024)
  if (Math.abs(mib) < 1) return `${(bytes / 1024).toFixed(0)} KiB`
  return `${mib.toFixed(1)} MiB`
}

/** A ratio such as 183x or 1.42x. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–'
  if (ratio >= 100) return `${ratio.toFixed(0)}x`
  if (ratio >= 10) return `${ratio.toFixed(1)}x`
  return `${ratio.toFixed(2)}x`
}

/** A metric value in its unit, for text. */
export function formatValue(value: number, unit: string): string {
  if (unit === 'ms') return formatMs(value)
  if (unit === 'bytes') return formatBytes(value)
  return Number.isInteger(value) ? String(value) : value.toFixed(3)
}

/** A 95% interval of milliseconds, e.g. `221–240`. */
export function formatMsInterval(low: number, high: number): string {
  return `${formatMs(low)}–${formatMs(high)}`
}

/** A ratio with its interval, e.g. `183x slower, 95% CI 160–200x`. */
export function formatRatioWithCi(ratio: number, low: number, high: number): string {
  const ci = Number.isFinite(low) && Number.isFinite(high) ? `, 95% CI ${formatRatio(low).slice(0, -1)}–${formatRatio(high)}` : ''
  return `${formatRatio(ratio)} slower${ci}`
}

/** A signed percentage with one decimal: +4.2%, −3.0%. */
export function formatPercent(fraction: number): string {
  const value = (fraction * 100).toFixed(1)
  return fraction < 0 ? `−${value.slice(1)}%` : `+${value}%`
}

/** A fraction as an unsigned percentage without trailing zeros: 0.05 → 5%, 0.025 → 2.5%. */
export function formatPercentValue(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`
}

/** Pure: a short, never-throwing rendering of any value for an error message (BigInt, cycles included). */
export function showValue(value: unknown, maxChars = 60): string {
  let text: string | undefined
  try {
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
  } catch {
    text = undefined // a cycle, or a getter that throws
  }
  text ??= Object.prototype.toString.call(value)
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text
}

/**
 * Pure: text made safe for one line of a terminal: line breaks (with the spaces around them)
 * become one space, other control characters their \uXXXX escape. A message quoting a file's bytes
 * (a JSON parser's snippet) can hold both.
 */
export function oneLine(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
