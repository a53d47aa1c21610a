import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { webhooksApi } from '../../api/webhooks-api.js';
import type { WebhookWithSecret } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ShowMoreButton } from '../admin/show-more-button.js';
import { useRefreshingList } from '../admin/use-refreshing-list.js';
import { WebhookCard } from './webhook-card.js';
import { WebhookCreateForm } from './webhook-create-form.js';
import type { ShownSecret } from './webhook-secret-box.js';

interface Props {
  /** The list's heading, and its id (for aria-labelledby). */
  title: string;
  titleId: string;
  /** Only this user's endpoints (the settings page; an admin's list holds everyone's). */
  onlyUserId?: string;
  /** The admin area: each endpoint's owner. */
  ownerOf?: (userId: string) => string;
  testId: string;
}

/** Webhook endpoints, by pages, each with its actions and log, and the form to add one. */
export function WebhooksView({ title, titleId, onlyUserId, ownerOf, testId }: Props) {
  const { t } = useI18n();
  const list = useRefreshingList(webhooksApi.list);
  const { loaded, error, refresh } = list;
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const show = (w: WebhookWithSecret | null, kind: ShownSecret['kind']) =>
    setSecret(w && { webhookId: w.id, secret: w.secret, kind, previousUntil: w.previousSecretUntil });
  const items = onlyUserId === undefined ? list.items : list.items.filter((w) => w.userId === onlyUserId);

  return (
    <section className="stack" aria-labelledby={titleId} data-testid={testId}>
      <h2 id={titleId} ref={headingRef} tabIndex={-1}>{title}</h2>
      <p className="muted">{t('webhooks.intro')}</p>
      <ErrorNotice error={error} testId={`${testId}-error`} />
      {!loaded ? (
        <p className="muted" role="status">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid={`${testId}-empty`}>{t('webhooks.none')}</p>
      ) : (
        <ul className="webhook-list" aria-label={t('webhooks.listLabel')}>
          {items.map((w) => (
            <li key={w.id}>
              <WebhookCard
                webhook={w}
                owner={ownerOf?.(w.userId)}
                secret={secret?.webhookId === w.id ? secret : null}
                onSecret={(rotated) => show(rotated, 'rotated')}
                onChanged={refresh}
                onDeleted={() => window.setTimeout(() => headingRef.current?.focus(), 0)}
              />
            </li>
          ))}
        </ul>
      )}
      <ShowMoreButton nextCursor={list.nextCursor} loadMore={list.loadMore} label={t('webhooks.more')} testId={`${testId}-more`} />
      <WebhookCreateForm onCreated={(created) => { show(created, 'created'); void refresh(); }} />
    </section>
  );
}
