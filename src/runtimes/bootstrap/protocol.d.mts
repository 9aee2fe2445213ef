/** Types of the in-sandbox protocol module (protocol.mjs) for the harness's TypeScript. */
export function messageOf(error: unknown): string
export function loadHandler(source: string): Promise<(input: unknown) => unknown>
export function checkOutput(value: unknown, maxBytes: number): { ok: true; json: string } | { ok: false; error: string }
export function answer(line: string, handler: (input: unknown) => unknown, write: (message: unknown) => void, memoryUsage: () => unknown, clock: () => number, cpuClock: () => number): Promise<void>
