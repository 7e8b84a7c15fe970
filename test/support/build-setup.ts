import { ensureDist } from '../../bin/ensure-dist.mjs';

/**
 * Tests that spawn `bin/aidgrid.js` run the compiled dist/: build it once before the files run (when
 * src/ changed), so that parallel children never race to compile it.
 */
export function setup(): void {
  ensureDist();
}
