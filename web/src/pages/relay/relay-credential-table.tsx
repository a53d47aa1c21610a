import { useI18n } from '../../i18n/i18n-context.js';
import type { RelayCredential } from '../../api/contract-types.js';
import { FormattedDate } from '../../components/formatted-date.js';

/** The account's relay credentials: never a password (the server keeps only its hash). */
export function RelayCredentialTable({ items, onDelete }: { items: RelayCredential[]; onDelete: (credential: RelayCredential) => void }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="relay-list">
        <caption className="visually-hidden">{t('relay.listCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('relay.username')}</th>
            <th scope="col">{t('relay.colDescription')}</th>
            <th scope="col">{t('relay.colNetworks')}</th>
            <th scope="col">{t('relay.colBounces')}</th>
            <th scope="col">{t('relay.colCreated')}</th>
            <th scope="col">{t('relay.colLastUsed')}</th>
            <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} data-testid="relay-row" data-id={c.id} data-username={c.username}>
              <td><code className="relay-username" data-testid="relay-row-username">{c.username}</code></td>
              <td data-testid="relay-row-description">{c.description ?? ''}</td>
              <td data-testid="relay-row-networks">{c.allowedNetworks.length === 0 ? t('relay.anywhere') : c.allowedNetworks.join(', ')}</td>
              <td data-testid="relay-row-bounces">{c.bounces ? t('relay.bouncesOn') : t('relay.bouncesOff')}</td>
              <td><FormattedDate value={c.createdAt} /></td>
              <td data-testid="relay-row-last-used">{c.lastUsedAt ? <FormattedDate value={c.lastUsedAt} /> : t('relay.never')}</td>
              <td>
                <button type="button" className="button small danger" onClick={() => onDelete(c)} aria-label={t('relay.deleteNamed', { username: c.username })} data-testid="relay-row-delete">
                  {t('relay.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
