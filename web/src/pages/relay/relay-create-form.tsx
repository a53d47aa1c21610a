import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { relayApi } from '../../api/relay-api.js';
import type { RelayCredentialCreated } from '../../api/contract-types.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useSubmit } from '../../forms/use-submit.js';
import { networkProblems } from './network-problems.js';
import { splitNetworks } from './split-networks.js';

interface Problems {
  allowedNetworks?: string;
  description?: string;
}

/** A new relay credential: what uses it, where it may connect from, whether bounces go back. */
export function RelayCreateForm({ accountId, onCreated }: { accountId: string; onCreated: (created: RelayCredentialCreated) => void }) {
  const { t } = useI18n();
  const [description, setDescription] = useState('');
  const [networks, setNetworks] = useState('');
  const [bounces, setBounces] = useState(true);
  const [problems, setProblems] = useState<Problems>({});
  const sent = useRef<string[]>([]);
  const { busy, error, submit } = useSubmit((err) => {
    const { rest, ...fields } = networkProblems(err, sent.current, t);
    setProblems(fields);
    const first = fields.allowedNetworks ? 'relay-networks' : fields.description ? 'relay-description' : null;
    if (first) window.setTimeout(() => document.getElementById(first)?.focus(), 0);
    return rest;
  });

  const create = submit(async () => {
    setProblems({});
    const allowedNetworks = splitNetworks(networks);
    sent.current = allowedNetworks;
    const created = await relayApi.create(accountId, {
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(allowedNetworks.length > 0 ? { allowedNetworks } : {}),
      bounces,
    });
    setDescription('');
    setNetworks('');
    setBounces(true);
    onCreated(created);
  });

  return (
    <form onSubmit={create} className="stack webhook-create" noValidate aria-labelledby="relay-create-title" data-testid="relay-create-form">
      <h3 id="relay-create-title">{t('relay.createTitle')}</h3>
      <Field id="relay-description" label={t('relay.description')} hint={t('relay.descriptionHint')} error={problems.description}>
        {(p) => <input {...p} maxLength={200} autoComplete="off" value={description} onChange={(e) => setDescription(e.target.value)} data-testid="relay-description" />}
      </Field>
      <Field id="relay-networks" label={t('relay.networks')} hint={t('relay.networksHint')} error={problems.allowedNetworks}>
        {(p) => <textarea {...p} rows={3} spellCheck={false} placeholder={'192.0.2.0/24\n2001:db8::/32'} value={networks} onChange={(e) => setNetworks(e.target.value)} data-testid="relay-networks" />}
      </Field>
      {/* Bounces are delivery status notifications (RFC 3464), sent by the server; default on (issue 12). */}
      <div className="field">
        <div className="field-label" aria-hidden="true" />
        <div className="field-control">
          <label className="checkbox">
            <input type="checkbox" checked={bounces} onChange={(e) => setBounces(e.target.checked)} aria-describedby="relay-bounces-hint" data-testid="relay-bounces" />
            {t('relay.bounces')}
          </label>
          <p className="hint" id="relay-bounces-hint">{t('relay.bouncesHint')}</p>
        </div>
      </div>
      <ErrorNotice error={error} testId="relay-create-error" />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy} data-testid="relay-create-submit">{t('relay.create')}</button>
      </div>
    </form>
  );
}
