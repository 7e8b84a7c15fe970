#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ in-process (one process, so signals and `kill -9` reach
// aidgrid itself, not a wrapper), compiling it first when src/ changed since the last build.
import { ensureDist } from './ensure-dist.mjs';

try {
  ensureDist();
} catch (error) {
  process.stderr.write(`aidgrid: ${error.message}\n`);
  process.exit(1);
}
await import('../dist/cli/main.js');
