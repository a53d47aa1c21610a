/** Waits `ms`; resolves false at once when `signal` aborts (before or during the wait), true otherwise. */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const end = (slept: boolean) => () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', aborted);
      resolve(slept);
    };
    const aborted = end(false);
    const timer = setTimeout(end(true), ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
