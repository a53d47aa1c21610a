import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import type { AccountView } from '../../api/contract-types.js';
import { RelayView } from '../relay/relay-view.js';

/**
 * The account's SMTP relay credentials. Read when the tab is first opened, not with the settings
 * page: most visits never look at it.
 */
export function RelayTab({ account, shown }: { account: AccountView | undefined; shown: boolean }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(shown);
  useEffect(() => {
    if (shown) setOpened(true);
  }, [shown]);
  if (!account) return <p className="muted" data-testid="relay-no-account">{t('relay.noAccount')}</p>;
  if (!opened) return null;
  return <RelayView account={account} />;
}
