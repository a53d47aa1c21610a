import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { webhooksApi } from '../../api/webhooks-api.js';
import type { WebhookWithSecret } from '../../api/contract-types.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import type { FieldProblems } from '../../forms/field-problem.js';
import { spreadProblems } from '../../forms/spread-problems.js';
import { useSubmit } from '../../forms/use-submit.js';
import { WebhookEventsFieldset } from './webhook-events-fieldset.js';

const FIELDS = ['url', 'description', 'events'] as const;

/** Registers an endpoint: URL, an optional description, its events. The secret comes back once. */
export function WebhookCreateForm({ onCreated }: { onCreated: (created: WebhookWithSecret) => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [problems, setProblems] = useState<FieldProblems>({});
  const { busy, error, submit } = useSubmit(spreadProblems(FIELDS, setProblems));

  const ready = () => {
    const found: FieldProblems = {};
    if (!url.trim()) found.url = t('webhooks.urlMissing');
    if (events.length === 0) found.events = t('webhooks.eventsMissing');
    setProblems(found);
    return Object.keys(found).length === 0;
  };
  const create = submit(async () => {
    const created = await webhooksApi.create({ url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) });
    setUrl('');
    setDescription('');
    setEvents(['*']);
    onCreated(created);
  }, ready);

  // The server's reason for refusing a URL (a private address, plain http…) is in English: frame it.
  const urlProblem = typeof problems.url === 'string' && problems.url !== t('webhooks.urlMissing') ? t('webhooks.urlRefused', { reason: problems.url }) : problems.url;
  const eventsProblem = typeof problems.events === 'string' ? problems.events : null;

  return (
    <form onSubmit={create} className="stack webhook-create" noValidate aria-labelledby="webhook-create-title" data-testid="webhook-create-form">
      <h3 id="webhook-create-title">{t('webhooks.create')}</h3>
      <Field id="webhook-url" label={t('webhooks.url')} info={t('webhooks.urlInfo')} error={urlProblem}>
        {(p) => <input {...p} type="url" inputMode="url" autoComplete="off" placeholder="https://example.com/webhooks/mailbridge" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="webhook-url" />}
      </Field>
      <Field id="webhook-description" label={t('webhooks.description')} error={problems.description}>
        {(p) => <input {...p} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="webhook-description" />}
      </Field>
      <WebhookEventsFieldset idPrefix="webhook-new" value={events} onChange={setEvents} error={eventsProblem} />
      <ErrorNotice error={error} testId="webhook-create-error" />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy} data-testid="webhook-create-submit">{t('webhooks.add')}</button>
      </div>
    </form>
  );
}
