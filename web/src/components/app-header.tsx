import { useI18n } from '../i18n/i18n-context.js';
import { useSession } from '../session/session-context.js';
import { Link } from '../router/router.js';
import { AccountMenu } from './account-menu.js';
import { LanguageSwitcher } from './language-switcher.js';

/** Brand, navigation for what this session may see, language and the account menu. */
export function AppHeader() {
  const { t } = useI18n();
  const { session, setup } = useSession();
  const full = session?.scope === 'full';
  const admin = full && session?.user.role === 'admin';
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">✉</span> Mailbridge
      </div>
      {/* A settings-link session sees its own settings and mailbox only. */}
      {session && (
        <nav aria-label={t('nav.label')}>
          <Link to="/settings" data-testid="nav-settings">{t('nav.settings')}</Link>
          <Link to="/mailbox" data-testid="nav-mailbox">{t('mailbox.nav')}</Link>
          {full && <Link to="/guide" data-testid="nav-guide">{t('nav.guide')}</Link>}
          {admin && <Link to="/admin" data-testid="nav-admin">{t('nav.admin')}</Link>}
          {full && setup?.sandbox.available && <Link to="/sandbox" data-testid="nav-sandbox">{t('nav.sandbox')}</Link>}
        </nav>
      )}
      <div className="header-end">
        <LanguageSwitcher />
        {full && <AccountMenu />}
      </div>
    </header>
  );
}
