import { useI18n } from '../../i18n/i18n-context.js';
import { allEventTypes, eventLabel } from './webhook-event-labels.js';

interface Props {
  /** Unique per form: prefixes the checkbox ids. */
  idPrefix: string;
  /** The chosen types, or `['*']`. */
  value: string[];
  onChange: (events: string[]) => void;
  error?: string | null | undefined;
}

/** The events an endpoint receives: "All events" (`*`, including types added later) or a choice. */
export function WebhookEventsFieldset({ idPrefix, value, onChange, error }: Props) {
  const { t } = useI18n();
  const all = value.includes('*');
  const errorId = `${idPrefix}-events-error`;
  const toggle = (type: string, on: boolean) => onChange(on ? [...value.filter((v) => v !== type), type] : value.filter((v) => v !== type));
  return (
    <fieldset className="events-fieldset" aria-describedby={error ? errorId : undefined} data-testid={`${idPrefix}-events`}>
      <legend>{t('webhooks.events')}</legend>
      <label className="checkbox">
        <input type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked ? ['*'] : [])} data-testid={`${idPrefix}-event-all`} />
        <span>{t('webhooks.allEvents')} <span className="muted small">{t('webhooks.allEventsHint')}</span></span>
      </label>
      <ul className="event-choices">
        {allEventTypes.map((type) => (
          <li key={type}>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={all || value.includes(type)}
                disabled={all}
                onChange={(e) => toggle(type, e.target.checked)}
                data-testid={`${idPrefix}-event`}
                data-event={type}
              />
              <span>{eventLabel(t, type)} <code className="muted small">{type}</code></span>
            </label>
          </li>
        ))}
      </ul>
      {error && <p className="error-text" id={errorId} data-testid={`${idPrefix}-events-error`}>{error}</p>}
    </fieldset>
  );
}
