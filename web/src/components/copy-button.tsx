import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

/** Copies a value to the clipboard and says so (visibly and to screen readers). */
export function CopyButton({ value, label, testId }: { value: string; label?: string; testId?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <span className="copy">
      <button type="button" className="button small" onClick={copy} aria-label={label ?? t('copy.button')} data-testid={testId}>
        {t('copy.button')}
      </button>
      <span className="copy-status" role="status">
        {state === 'copied' ? t('copy.done') : state === 'failed' ? t('copy.failed') : ''}
      </span>
    </span>
  );
}
