import { v7 } from 'uuid';

/** Public ids are time-ordered UUIDs (v7): unguessable, yet index-friendly like a sequence. */
export function newId(): string {
  return v7();
}
