import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../router/router.js';

/** After the first admin exists: a real Microsoft app (the guide) or the sandbox. */
export function NextStepChoice({ sandboxAvailable }: { sandboxAvailable: boolean }) {
  const { t } = useI18n();
  return (
    <div className="choice-grid" data-testid="setup-choice">
      <div className="choice">
        <h2>{t('setup.realTitle')}</h2>
        <p>{t('setup.realText')}</p>
        <p className="actions">
          <Link to="/guide" className="button primary" data-testid="choose-real">{t('setup.realGuide')}</Link>
          <Link to="/admin" className="button" data-testid="choose-admin">{t('setup.realAdmin')}</Link>
        </p>
      </div>
      {sandboxAvailable && (
        <div className="choice sandbox-choice">
          <h2>
            <span className="sandbox-tag">{t('sandbox.tag')}</span> {t('setup.sandboxTitle')}
          </h2>
          <p>{t('setup.sandboxText')}</p>
          <p className="actions">
            <Link to="/sandbox" className="button primary" data-testid="choose-sandbox">{t('setup.sandboxButton')}</Link>
          </p>
        </div>
      )}
    </div>
  );
}
