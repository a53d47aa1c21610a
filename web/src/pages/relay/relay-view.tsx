import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { relayApi } from '../../api/relay-api.js';
import type { AccountView, RelayCredential, RelayCredentialCreated, RelayInfo } from '../../api/contract-types.js';
import type { PageParams } from '../../api/page-query.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useSubmit } from '../../forms/use-submit.js';
import { ShowMoreButton } from '../admin/show-more-button.js';
import { useRefreshingList } from '../admin/use-refreshing-list.js';
import { RelayConnection } from './relay-connection.js';
import { RelayCreateForm } from './relay-create-form.js';
import { RelayCreatedDialog } from './relay-created-dialog.js';
import { RelayCredentialTable } from './relay-credential-table.js';
import { RelayDeleteDialog } from './relay-delete-dialog.js';
import { RelayOffNotice } from './relay-off-notice.js';

/**
 * An account's SMTP relay: where to connect (or, when the server does not listen, how to turn it
 * on), its credentials by pages, creating one (password shown once) and deleting one.
 */
export function RelayView({ account }: { account: AccountView }) {
  const { t } = useI18n();
  const accountId = account.id;
  const [info, setInfo] = useState<RelayInfo | null>(null);
  const fetchPage = useCallback(async (page: PageParams) => {
    const answer = await relayApi.list(accountId, page);
    setInfo(answer.relay);
    return answer;
  }, [accountId]);
  const list = useRefreshingList<RelayCredential>(fetchPage);
  const { loaded, error, refresh, items } = list;
  const [created, setCreated] = useState<RelayCredentialCreated | null>(null);
  const [deleting, setDeleting] = useState<RelayCredential | null>(null);
  const removal = useSubmit();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const confirmDelete = async () => {
    if (!deleting) return;
    const done = await removal.run(async () => {
      await relayApi.remove(accountId, deleting.id);
      return true;
    });
    if (!done) return;
    setDeleting(null);
    await refresh();
    // The row and its button are gone: the section's heading takes the focus.
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };
  const cancelDelete = () => {
    setDeleting(null);
    removal.setError(null);
  };

  const enabled = info?.enabled ?? false;
  return (
    <section className="stack" aria-labelledby="relay-title" data-testid="relay" data-relay-enabled={info ? String(enabled) : undefined}>
      <h2 id="relay-title" ref={headingRef} tabIndex={-1}>{t('relay.title')}</h2>
      <p className="muted">{t('relay.intro')}</p>
      <ErrorNotice error={error} testId="relay-error" />
      {!loaded ? (
        <p className="muted" role="status">{t('common.loading')}</p>
      ) : (
        info && (
          <>
            {enabled ? <RelayConnection info={info} account={account} /> : <RelayOffNotice />}
            {(enabled || items.length > 0) && (
              <div className="stack">
                <h3>{t('relay.listTitle')}</h3>
                {items.length === 0 ? (
                  <p className="muted" data-testid="relay-empty">{t('relay.none')}</p>
                ) : (
                  <RelayCredentialTable items={items} onDelete={setDeleting} />
                )}
                <ShowMoreButton nextCursor={list.nextCursor} loadMore={list.loadMore} label={t('relay.more')} testId="relay-more" />
              </div>
            )}
            {enabled && <RelayCreateForm accountId={accountId} onCreated={(c) => { setCreated(c); void refresh(); }} />}
          </>
        )
      )}
      {created && <RelayCreatedDialog created={created} onClose={() => setCreated(null)} />}
      {deleting && <RelayDeleteDialog username={deleting.username} busy={removal.busy} error={removal.error} onConfirm={() => void confirmDelete()} onCancel={cancelDelete} />}
    </section>
  );
}
