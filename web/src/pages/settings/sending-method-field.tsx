import { SendingMethod as SendingMethods } from '@mailbridge/contract';
import { useI18n } from '../../i18n/i18n-context.js';
import { methodLabel, methodText } from '../../i18n/sending-method-keys.js';
import { Field } from '../../components/field.js';
import type { AccountView, SendingMethod } from '../../api/contract-types.js';
import { MethodSwitchNotice } from './method-switch-notice.js';

interface Props {
  method: SendingMethod;
  onChange: (method: SendingMethod) => void;
  account: AccountView | undefined;
}

/**
 * The Sending method select (Graph, or SMTP + IMAP as NocoBase does it), the chosen method in a
 * sentence, and, for a linked account, what switching will mean before it is saved.
 */
export function SendingMethodField({ method, onChange, account }: Props) {
  const { t } = useI18n();
  const switchingTo = account?.status === 'linked' && method !== account.sendingMethod ? method : null;
  return (
    <Field
      id="account-method"
      label={t('account.method')}
      info={t('account.methodInfo')}
      hint={
        <>
          <span data-testid="account-method-text">{t(methodText[method])}</span>
          <span role="status">{account && switchingTo && <MethodSwitchNotice account={account} to={switchingTo} testId="method-switch-notice" />}</span>
        </>
      }
    >
      {(p) => (
        <select {...p} value={method} onChange={(e) => onChange(e.target.value as SendingMethod)} data-testid="account-method">
          {/* A service mailbox (graph_app) is an admin's kind of account, never switched to or from. */}
          {SendingMethods.options.filter((m) => (m === 'graph_app') === (method === 'graph_app')).map((m) => (
            <option key={m} value={m}>{t(methodLabel[m])}</option>
          ))}
        </select>
      )}
    </Field>
  );
}
