import { useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { Field } from '../../components/field.js';
import type { AccountDraft } from '../../forms/account-draft.js';
import type { FieldProblem } from '../../forms/field-problem.js';
import { checkSendAsAddress } from '../../forms/check-send-as.js';
import type { AccountView } from '../../api/contract-types.js';
import { needsRelink } from './method-switch-notice.js';

type SendAsDraft = Pick<AccountDraft, 'sendAs' | 'sendAsPending' | 'email' | 'sendingMethod'>;

interface Props {
  draft: SendAsDraft;
  onChange: (patch: Partial<Pick<AccountDraft, 'sendAs' | 'sendAsPending'>>) => void;
  /** From checking the whole form, or from the server. */
  error?: FieldProblem | undefined;
  account: AccountView | undefined;
}

/**
 * "Send as": the shared mailboxes this account may send from, added and removed one by one and
 * saved with the account. An address still in the box when the form is saved is saved too.
 */
export function SendAsField({ draft, onChange, error, account }: Props) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [addError, setAddError] = useState<string | undefined>(undefined);
  const [said, setSaid] = useState('');

  const add = () => {
    const address = draft.sendAsPending.trim();
    const problem = checkSendAsAddress(address, draft.sendAs, draft.email, t);
    setAddError(problem);
    if (problem) {
      input.current?.focus();
      return;
    }
    onChange({ sendAs: [...draft.sendAs, address], sendAsPending: '' });
    setSaid(t('account.sendAsAdded', { address }));
  };
  const remove = (address: string) => {
    onChange({ sendAs: draft.sendAs.filter((a) => a !== address) });
    setSaid(t('account.sendAsRemoved', { address }));
    input.current?.focus(); // the button pressed is gone: keep the keyboard in the field
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault(); // Enter adds the address rather than saving the whole form
    add();
  };

  // Graph sends as a shared mailbox only with Mail.Send.Shared: the server counts it among what
  // the account's method needs, so a grant without it shows as a relink needed for that method.
  const sharedNotGranted = account?.status === 'linked' && account.sendingMethod === 'graph' && account.sendAs.length > 0 && needsRelink(account, 'graph');
  const hint = (
    <>
      {t('account.sendAsHint')} {draft.sendingMethod === 'graph' && t('account.sendAsGraphHint')}
      {sharedNotGranted && <span className="notice warning block" data-testid="send-as-relink">{t('account.sendAsRelink')}</span>}
    </>
  );
  return (
    <Field id="account-send-as" label={t('account.sendAs')} info={t('account.sendAsInfo')} hint={hint} error={addError ?? error}>
      {(p) => (
        <>
          {draft.sendAs.length > 0 ? (
            <ul className="address-list" aria-label={t('account.sendAsListLabel')} data-testid="send-as-list">
              {draft.sendAs.map((address) => (
                <li key={address} data-testid="send-as-item">
                  <code>{address}</code>
                  <button type="button" className="button small" aria-label={t('account.sendAsRemove', { address })} onClick={() => remove(address)} data-testid="send-as-remove">
                    {t('account.sendAsRemoveShort')}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small" data-testid="send-as-none">{t('account.sendAsNone')}</p>
          )}
          <div className="inline">
            <input
              {...p}
              ref={input}
              type="email"
              autoComplete="off"
              spellCheck={false}
              placeholder={t('account.sendAsPlaceholder')}
              value={draft.sendAsPending}
              onChange={(e) => {
                setAddError(undefined);
                onChange({ sendAsPending: e.target.value });
              }}
              onKeyDown={onKeyDown}
              data-testid="send-as-input"
            />
            <button type="button" className="button" onClick={add} data-testid="send-as-add">{t('account.sendAsAdd')}</button>
          </div>
          <span className="visually-hidden" role="status">{said}</span>
        </>
      )}
    </Field>
  );
}
