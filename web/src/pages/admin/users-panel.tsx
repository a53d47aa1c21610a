import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { adminApi } from '../../api/admin-api.js';
import type { AdminUser, OneTimeLink } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { CreateUserForm } from './create-user-form.js';
import { OneTimeLinkBox } from './one-time-link.js';
import { ShowMoreButton } from './show-more-button.js';
import type { PagedList } from './use-paged-list.js';

interface Minted { userId: string; kind: 'invitation' | 'settings'; link: OneTimeLink }

/** Users, by pages: create, disable/enable, invitation or password-reset link, signed settings link. */
export function UsersPanel({ users, currentUserId, reload }: { users: PagedList<AdminUser>; currentUserId: string; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const [minted, setMinted] = useState<Minted | null>(null);
  const [error, setError] = useState<{ userId: string; error: unknown } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (userId: string, fn: () => Promise<void>) => {
    setBusy(userId);
    setError(null);
    setMinted(null);
    try {
      await fn();
    } catch (e) {
      setError({ userId, error: e });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="users-title" className="stack">
      <h2 id="users-title">{t('admin.users.title')}</h2>
      <table className="table" data-testid="users-table">
        <thead>
          <tr><th scope="col">{t('admin.users.email')}</th><th scope="col">{t('admin.users.name')}</th><th scope="col">{t('admin.users.role')}</th><th scope="col">{t('admin.users.state')}</th><th scope="col">{t('common.actions')}</th></tr>
        </thead>
        <tbody>
          {users.items.map((u) => (
            <tr key={u.id} data-testid="user-row" data-email={u.email}>
              <td>{u.email}</td>
              <td>{u.name ?? '—'}</td>
              <td>{u.role === 'admin' ? t('admin.users.roleAdmin') : t('admin.users.roleUser')}</td>
              <td>{u.disabled ? <span className="status warning">{t('admin.users.disabled')}</span> : <span className="status linked">{t('admin.users.active')}</span>}</td>
              <td>
                <div className="row-actions">
                  <button type="button" className="button small" disabled={busy === u.id} data-testid="user-invite"
                    onClick={() => act(u.id, async () => setMinted({ userId: u.id, kind: 'invitation', link: await adminApi.invitation(u.id) }))}>
                    {t('admin.users.invite')}
                  </button>
                  <button type="button" className="button small" disabled={busy === u.id} data-testid="user-settings-link"
                    onClick={() => act(u.id, async () => setMinted({ userId: u.id, kind: 'settings', link: await adminApi.settingsLink(u.id) }))}>
                    {t('admin.users.settingsLink')}
                  </button>
                  {u.id !== currentUserId && (
                    <button type="button" className="button small" disabled={busy === u.id} data-testid="user-toggle-disabled"
                      onClick={() => act(u.id, async () => { await adminApi.updateUser(u.id, { disabled: !u.disabled }); await reload(); })}>
                      {u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                    </button>
                  )}
                </div>
                {error?.userId === u.id && <ErrorNotice error={error.error} testId="user-action-error" />}
                {minted?.userId === u.id && (
                  <OneTimeLinkBox
                    title={minted.kind === 'invitation' ? t('admin.users.inviteReady', { email: u.email }) : t('admin.users.settingsReady', { email: u.email })}
                    link={minted.link}
                    testId={minted.kind === 'invitation' ? 'invitation-link' : 'settings-link'}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ShowMoreButton nextCursor={users.nextCursor} loadMore={users.loadMore} label={t('admin.users.more')} testId="users-more" />
      <CreateUserForm onCreated={() => void reload()} />
    </section>
  );
}
