import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The package test packs and installs the tarball (isolated-vm builds from source: 9–15 min):
    // `npm run test:package` runs it, once per CI run, not every `npm test`.
    exclude: ['**/node_modules/**', ...(process.env.ISOBENCH_PACKAGE_TEST === '1' ? [] : ['test/e2e/package.test.ts'])],
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
