import { useEffect, useState } from 'react';
import { sessionApi } from '../api/session-api.js';
import { isApiError } from '../api/api-error.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useRoute } from '../router/router.js';
import { safeNext } from '../router/safe-next.js';
import { useSession } from '../session/session-context.js';
import { Field } from '../components/field.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { useSubmit } from '../forms/use-submit.js';

export function LoginPage() {
  const { t } = useI18n();
  const { session, setSession, setup } = useSession();
  const { navigate, query } = useRoute();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit();
  const next = safeNext(query.get('next'));
  useDocumentTitle(t('login.title'));

  useEffect(() => {
    if (session) navigate(next, { replace: true });
    else if (setup?.needsFirstAdmin) navigate('/setup', { replace: true });
  }, [session, setup, next, navigate]);

  const signIn = submit(async () => setSession(await sessionApi.signIn(email.trim(), password)));

  const wrong = isApiError(error) && (error.status === 401 || error.code === 'unauthenticated');
  return (
    <section className="card narrow">
      <h1>{t('login.title')}</h1>
      <form onSubmit={signIn} className="stack" noValidate>
        <Field id="login-email" label={t('login.email')}>
          {(p) => <input {...p} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" />}
        </Field>
        <Field id="login-password" label={t('login.password')}>
          {(p) => <input {...p} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />}
        </Field>
        {wrong ? (
          <p className="error-text" role="alert" data-testid="login-error">{t('login.wrong')}</p>
        ) : (
          <ErrorNotice error={error} testId="login-error" />
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy} data-testid="login-submit">
            {t('login.submit')}
          </button>
        </div>
      </form>
      <p className="muted small">{t('login.forgot')}</p>
    </section>
  );
}
