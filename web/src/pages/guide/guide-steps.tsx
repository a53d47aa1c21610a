import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import { Link } from '../../router/router.js';
import { RedirectUriRow } from '../settings/redirect-uri-row.js';
import { useStoredChecks } from './use-stored-checks.js';
import { MethodPermissions } from './method-permissions.js';

interface Step { key: string; title: MessageKey; text: MessageKey; extra?: ReactNode; optional?: boolean }

/** The seed's steps as a checklist the user ticks (remembered in this browser). */
export function GuideSteps({ redirectUri, isAdmin = false }: { redirectUri: string | null; isAdmin?: boolean }) {
  const { t } = useI18n();
  const { done, toggle, reset } = useStoredChecks();
  const steps: Step[] = [
    { key: 'portal', title: 'guide.step.portal.title', text: 'guide.step.portal.text', extra: <p><a href="https://portal.azure.com" target="_blank" rel="noopener noreferrer">https://portal.azure.com</a></p> },
    { key: 'registrations', title: 'guide.step.registrations.title', text: 'guide.step.registrations.text' },
    { key: 'register', title: 'guide.step.register.title', text: 'guide.step.register.text' },
    { key: 'clientId', title: 'guide.step.clientId.title', text: 'guide.step.clientId.text' },
    {
      key: 'secret', title: 'guide.step.secret.title', text: 'guide.step.secret.text',
      extra: (
        <>
          <p className="notice warning">{t('guide.step.secret.warning')}</p>
          {/* Learn recommends certificates over secrets (entra/identity-platform/certificate-credentials). */}
          <p className="hint" data-testid="guide-certificate-note">
            {t('guide.step.secret.certificate')} {isAdmin && <Link to="/admin">{t('guide.openAdmin')}</Link>}
          </p>
        </>
      ),
    },
    {
      key: 'redirect', title: 'guide.step.redirect.title', text: 'guide.step.redirect.text',
      extra: redirectUri ? <RedirectUriRow redirectUri={redirectUri} testId="guide-redirect-uri" /> : <p className="hint">{t('guide.redirectUnknown')}</p>,
    },
    {
      key: 'permissions', title: 'guide.step.permissions.title', text: 'guide.step.permissions.text',
      extra: <MethodPermissions />,
    },
    { key: 'enter', title: 'guide.step.enter.title', text: 'guide.step.enter.text', extra: <p><Link to="/settings">{t('guide.openSettings')}</Link></p> },
    { key: 'test', title: 'guide.step.test.title', text: 'guide.step.test.text', optional: true },
  ];
  const count = steps.filter((s) => done.includes(s.key)).length;

  return (
    <section aria-labelledby="guide-steps-title" className="stack">
      <div className="inline spread">
        <h2 id="guide-steps-title">{t('guide.stepsTitle')}</h2>
        <span className="muted" role="status" data-testid="guide-progress">{t('guide.progress', { done: count, total: steps.length })}</span>
      </div>
      <ol className="steps">
        {steps.map((step, i) => {
          const id = `guide-step-${step.key}`;
          const checked = done.includes(step.key);
          return (
            <li key={step.key} className={checked ? 'step done' : 'step'}>
              <div className="step-head">
                <input id={id} type="checkbox" checked={checked} onChange={(e) => toggle(step.key, e.target.checked)} data-testid={id} />
                <label htmlFor={id}>
                  <span className="step-number">{t('guide.stepN', { n: i + 1 })}</span> {t(step.title)}
                  <span className={step.optional ? 'badge' : 'badge required'}>{step.optional ? t('guide.recommended') : t('guide.required')}</span>
                </label>
              </div>
              <p>{t(step.text)}</p>
              {step.extra}
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button type="button" className="button small" onClick={reset} data-testid="guide-reset">{t('guide.reset')}</button>
      </div>
    </section>
  );
}
