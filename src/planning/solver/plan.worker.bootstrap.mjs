// Worker threads start without the parent's in-process loader hooks: register tsx here, then load
// the TypeScript worker. Works under `node bin/aidgrid.js`, `node --import tsx …` and Vitest alike.
import { register } from 'tsx/esm/api';

register();
await import('./plan.worker.ts');
