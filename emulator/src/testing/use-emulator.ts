import { afterAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator } from '../index.js';
import { seed } from './fixtures.js';

export interface SeededEmulator {
  em: Emulator;
  s: ReturnType<typeof seed>;
}

/**
 * One emulator for a test file, reset and seeded (tenant, app, users) before each test. The
 * fields are filled in beforeEach: read them inside tests and hooks.
 */
export function useSeededEmulator(): SeededEmulator {
  const ctx = {} as SeededEmulator;
  const started = startEmulator();
  afterAll(async () => (await started).close());
  beforeEach(async () => {
    ctx.em = await started;
    ctx.em.reset();
    ctx.s = seed(ctx.em);
  });
  return ctx;
}
