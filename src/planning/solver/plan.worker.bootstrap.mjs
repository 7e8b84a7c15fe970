// Worker threads start without the parent's loader hooks. Compiled (dist/, next to plan.worker.js)
// the worker is plain JavaScript; from the sources (Vitest, `node --import tsx`) tsx is registered
// here first to load the TypeScript worker.
import { existsSync } from 'node:fs';

const compiled = new URL('./plan.worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./plan.worker.ts');
}
