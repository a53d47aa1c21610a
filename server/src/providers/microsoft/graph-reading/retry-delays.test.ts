import { describe, expect, it } from 'vitest';
import { backoffDelay, pause, pollDelay } from './retry-delays.js';

describe('reader delays', () => {
  it('backs off exponentially with equal jitter, capped', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, () => 0, 1000, 60_000))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, () => 1, 1000, 60_000))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(40, () => 1, 1000, 60_000)).toBe(60_000);
  });

  it('jitters polls by ± 20 %', () => {
    expect(pollDelay(1000, () => 0)).toBe(800);
    expect(pollDelay(1000, () => 0.5)).toBe(1000);
    expect(pollDelay(1000, () => 1)).toBe(1200);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const waiting = pause(60_000, controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    expect(await pause(1, controller.signal)).toBe(false);
    expect(await pause(1)).toBe(true);
  });
});
