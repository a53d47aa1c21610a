/**
 * How long to wait before reconnection attempt `attempt` (0 for the first): exponential from
 * `baseMs`, capped at `capMs`, with "full jitter" (a uniform draw below the exponential bound), so
 * that many accounts cut off together by one outage do not all come back in the same second.
 * The draw never goes below a quarter of the bound, so a fast failure loop stays impossible.
 */
export function reconnectDelay(attempt: number, opts: { baseMs: number; capMs: number; random: () => number }): number {
  const bound = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(bound * (0.25 + 0.75 * opts.random()));
}
