import { useState } from 'react';
import { sessionApi } from '../api/session-api.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useRoute } from '../router/router.js';
import { useSession } from '../session/session-context.js';
import { Field } from '../components/field.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { useSubmit } from '../forms/use-submit.js';

/** Opened from an invitation or password-reset link: choose a password and sign in. */
export function InvitePage() {
  const { t } = useI18n();
  const { setSession } = useSession();
  const { query, navigate } = useRoute();
  const token = query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, submit } = useSubmit();
  useDocumentTitle(t('invite.title'));
  const tooShort = password.length > 0 && password.length < 10;
  const mismatch = repeat.length > 0 && repeat !== password;

  const accept = submit(async () => {
    setSession(await sessionApi.acceptInvitation(token, password));
    navigate('/settings', { replace: true });
  }, () => !(tooShort || mismatch || !password));

  if (!token) {
    return (
      <section className="card narrow">
        <h1>{t('invite.title')}</h1>
        <p className="error-text" role="alert">{t('invite.noToken')}</p>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <h1>{t('invite.title')}</h1>
      <p>{t('invite.intro')}</p>
      <form onSubmit={accept} className="stack" noValidate>
        <Field id="invite-password" label={t('password.new')} hint={t('password.rule')} error={tooShort ? t('password.tooShort') : null}>
          {(p) => <input {...p} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="invite-password" />}
        </Field>
        <Field id="invite-repeat" label={t('password.repeat')} error={mismatch ? t('password.mismatch') : null}>
          {(p) => <input {...p} type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="invite-repeat" />}
        </Field>
        <ErrorNotice error={error} testId="invite-error" />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy} data-testid="invite-submit">{t('invite.submit')}</button>
        </div>
      </form>
    </section>
  );
}
