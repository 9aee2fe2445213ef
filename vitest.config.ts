import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Forks, not threads: isolated-vm needs --no-node-snapshot in the process hosting isolates.
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
    // Real containers and processes: generous, and never a timing assertion.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests that start real runtimes share two cores and one Docker daemon.
    fileParallelism: false,
  },
})
