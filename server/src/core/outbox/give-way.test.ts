import { describe, expect, it } from 'vitest';
import { GiveWay } from './give-way.js';

/** Ten messages queued at `at`, one millisecond apart. */
const burst = (g: GiveWay, at: number) => {
  for (let i = 0; i < 10; i++) g.noteIntake(at + i);
};

describe('giving way to intake', () => {
  it('a trickle never makes the worker give way; ten messages within 250 ms do, until they are 250 ms old', () => {
    const g = new GiveWay();
    for (let t = 0; t < 5_000; t += 100) g.noteIntake(t);
    expect(g.now(5_000)).toBe(false);
    burst(g, 10_000);
    expect(g.now(10_010)).toBe(true);
    expect(g.now(10_249)).toBe(true);
    expect(g.now(10_250)).toBe(false);
  });

  it('a burst that goes on: 10 s giving way, then 10 s at full speed, then giving way again', () => {
    const g = new GiveWay();
    const seen: Array<[number, boolean]> = [];
    for (let t = 0; t <= 25_000; t += 100) {
      burst(g, t);
      seen.push([t, g.now(t + 10)]);
    }
    const at = (t: number) => seen.find(([s]) => s === t)![1];
    expect([at(0), at(9_900), at(10_000), at(19_900), at(20_000), at(25_000)]).toEqual([true, true, false, false, true, true]);
  });
});
