import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { takeFirstStartLock } from './first-start-lock.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => database?.drop());

describe('takeFirstStartLock', () => {
  it('lets one holder in at a time; the next gets the lock when the first releases it', async () => {
    const first = takeFirstStartLock(database.db);
    await first.acquired;
    const second = takeFirstStartLock(database.db);
    let secondHolds = false;
    void second.acquired.then(() => {
      secondHolds = true;
    });
    // The second polls several times while the first holds the lock.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(secondHolds).toBe(false);
    await first.release();
    await second.acquired;
    expect(secondHolds).toBe(true);
    await second.release();
  });

  it('ends a wait at once when released before the lock is free, rejecting acquired', async () => {
    const holder = takeFirstStartLock(database.db);
    await holder.acquired;
    const waiter = takeFirstStartLock(database.db);
    await waiter.release();
    await expect(waiter.acquired).rejects.toThrow('stopped waiting for the first-start lock');
    await holder.release();
    // Released twice is fine, and the lock is free again.
    await holder.release();
    const again = takeFirstStartLock(database.db);
    await again.acquired;
    await again.release();
  });
});
