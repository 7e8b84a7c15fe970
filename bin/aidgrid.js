#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ in-process (one process, so signals and `kill -9` reach
// aidgrid itself, not a wrapper), compiling it first when src/ changed since the last build.
import module from 'node:module';
import { ensureDist } from './ensure-dist.mjs';

// V8's compiled code of every module loaded, kept on disk (node_modules/.cache): the next start
// reads it instead of compiling kysely, pg, commander … again (Node ≥ 22.1).
module.enableCompileCache?.(new URL('../node_modules/.cache/aidgrid-compile', import.meta.url).pathname);

try {
  ensureDist();
} catch (error) {
  process.stderr.write(`aidgrid: ${error.message}\n`);
  process.exit(1);
}
await import('../dist/cli/main.js');
