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
