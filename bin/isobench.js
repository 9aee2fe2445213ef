#!/usr/bin/env -S node --no-node-snapshot
// isolated-vm requires --no-node-snapshot on Node 20+ in the process that hosts isolates (this one).
// Child processes and containers are started without it: it slows Node's own start-up by ~40 ms.
import { runCli } from '../dist/cli.js'

await runCli(process.argv)
