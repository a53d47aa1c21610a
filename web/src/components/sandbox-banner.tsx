import { useI18n } from '../i18n/i18n-context.js';
import { Link } from '../router/router.js';

/** Shown on every page while the sandbox app is the organisation's app: nothing here is real mail. */
export function SandboxBanner() {
  const { t } = useI18n();
  return (
    <div className="sandbox-banner" role="note" data-testid="sandbox-banner">
      <strong className="sandbox-tag">{t('sandbox.tag')}</strong> {t('sandbox.banner')}{' '}
      <Link to="/sandbox">{t('sandbox.bannerLink')}</Link>
    </div>
  );
}
