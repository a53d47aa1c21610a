import { useCallback, useState } from 'react';

const KEY = 'mailbridge.guide.done';

function read(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Which guide steps the user ticked, remembered in this browser. */
export function useStoredChecks() {
  const [done, setDone] = useState<string[]>(read);
  const save = useCallback((next: string[]) => {
    setDone(next);
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      /* storage unavailable: ticks last for this visit */
    }
  }, []);
  const toggle = useCallback((step: string, on: boolean) => {
    save(on ? [...new Set([...read(), step])] : read().filter((s) => s !== step));
  }, [save]);
  const reset = useCallback(() => save([]), [save]);
  return { done, toggle, reset };
}
