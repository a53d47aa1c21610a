import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * The seed's ⓘ next to a field: a button whose accessible description is the explanation,
 * shown as a tooltip on hover, focus or click (Escape hides it).
 */
export function InfoTip({ label, text }: { label: string; text: string }) {
  const { t } = useI18n();
  const id = useId();
  const [pinned, setPinned] = useState(false);
  return (
    <span className={pinned ? 'info-tip pinned' : 'info-tip'}>
      <button
        type="button"
        className="info-button"
        aria-label={t('info.about', { field: label })}
        aria-describedby={id}
        aria-expanded={pinned}
        onClick={() => setPinned((p) => !p)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setPinned(false);
        }}
        onBlur={() => setPinned(false)}
      >
        i
      </button>
      <span role="tooltip" id={id} className="tooltip">
        {text}
      </span>
    </span>
  );
}
