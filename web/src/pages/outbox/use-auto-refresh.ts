import { useEffect, useState } from 'react';

/** Whether the browser tab is shown; a hidden tab polls nothing. */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

/**
 * Calls `refresh` every `everyMs` while `enabled` and the browser tab is visible. The next call
 * is armed only once the previous one has finished, so a slow server is never asked twice at once.
 */
export function useAutoRefresh(refresh: () => Promise<void>, enabled: boolean, everyMs = 5000): void {
  const visible = usePageVisible();
  useEffect(() => {
    if (!enabled || !visible) return;
    let stopped = false;
    let timer = 0;
    const tick = async () => {
      await refresh();
      if (!stopped) timer = window.setTimeout(() => void tick(), everyMs);
    };
    timer = window.setTimeout(() => void tick(), everyMs);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [refresh, enabled, visible, everyMs]);
}
