import { useI18n } from '../../i18n/i18n-context.js';
import { methodLabel } from '../../i18n/sending-method-keys.js';
import type { AccountView, SendingMethod } from '../../api/contract-types.js';

/** Whether switching this linked account to `to` asks for linking again (permissions not granted yet). */
export const needsRelink = (account: AccountView, to: SendingMethod): boolean => (account.relinkNeededFor ?? []).includes(to);

/**
 * Said before a linked account switches method: at once, or only after linking again because
 * the new method's permissions were never granted (the account's `relinkNeededFor`).
 */
export function MethodSwitchNotice({ account, to, testId }: { account: AccountView; to: SendingMethod; testId: string }) {
  const { t } = useI18n();
  const relink = needsRelink(account, to);
  const method = t(methodLabel[to]);
  return (
    <span className={relink ? 'notice warning block' : 'notice success block'} data-testid={testId} data-relink={relink}>
      {relink ? t('account.methodSwitchRelink', { method }) : t('account.methodSwitchNow', { method })}
    </span>
  );
}
