/**
 * Injectable clock: every expiry in the emulator (codes, access tokens, refresh tokens,
 * secrets) is measured against it, so tests can jump ahead instead of sleeping.
 */
export interface Clock {
  now(): number;
  advance(ms: number): void;
}

/** A clock that follows real time plus an offset moved by `advance`. */
export function createClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms: number) => {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('advance(ms) needs a non-negative number');
      offset += ms;
    },
  };
}
