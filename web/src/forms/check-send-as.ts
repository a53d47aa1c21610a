import { EmailAddress, SendAs } from '@mailbridge/contract';
import type { I18n } from '../i18n/i18n-context.js';

/**
 * Why `address` can't join the Send as list, or undefined when it can: not an address, the
 * account's own (always allowed, so listing it is a mistake), already listed, or a list the
 * contract's schema would refuse (too long).
 */
export function checkSendAsAddress(address: string, list: readonly string[], ownEmail: string, t: I18n['t']): string | undefined {
  const trimmed = address.trim();
  const wanted = trimmed.toLowerCase();
  if (!EmailAddress.safeParse(trimmed).success) return t('account.sendAsInvalid');
  if (wanted === ownEmail.trim().toLowerCase()) return t('account.sendAsOwn');
  if (list.some((a) => a.toLowerCase() === wanted)) return t('account.sendAsDuplicate', { address: trimmed });
  if (!SendAs.safeParse([...list, trimmed]).success) return t('account.sendAsTooMany');
  return undefined;
}
