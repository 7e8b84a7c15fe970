#!/usr/bin/env node
// Runs the TypeScript sources in-process through tsx's loader: one process, so signals and
// `kill -9` reach aidgrid itself, not a wrapper.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
