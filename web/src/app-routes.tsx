import { useEffect, type ReactNode } from 'react';
import { useRoute } from './router/router.js';
import { useSession } from './session/session-context.js';
import { useI18n } from './i18n/i18n-context.js';
import { LoginPage } from './pages/login-page.js';
import { InvitePage } from './pages/invite-page.js';
import { SetupPage } from './pages/setup/setup-page.js';
import { SettingsPage } from './pages/settings/settings-page.js';
import { GuidePage } from './pages/guide/guide-page.js';
import { AdminPage } from './pages/admin/admin-page.js';
import { SandboxPage } from './pages/sandbox/sandbox-page.js';
import { MailboxPage } from './pages/mailbox/mailbox-page.js';
import { NotFoundPage } from './pages/not-found-page.js';

/** Which page a path shows, and who may see it. */
export function AppRoutes() {
  const { path } = useRoute();
  switch (path) {
    case '/':
      return <Home />;
    case '/login':
      return <LoginPage />;
    case '/setup':
      return <SetupPage />;
    case '/invite':
      return <InvitePage />;
    case '/settings':
      return <Guard scope="settings"><SettingsPage /></Guard>;
    case '/mailbox':
      return <Guard scope="settings"><MailboxPage /></Guard>;
    case '/guide':
      return <Guard><GuidePage /></Guard>;
    case '/admin':
      return <Guard admin><AdminPage /></Guard>;
    case '/sandbox':
      return <Guard><SandboxPage /></Guard>;
    default:
      return <NotFoundPage />;
  }
}

function Home() {
  const { session, setup } = useSession();
  const { navigate } = useRoute();
  const firstRun = setup?.needsFirstAdmin === true;
  useEffect(() => {
    if (firstRun || session === undefined) return;
    navigate(session ? '/settings' : '/login', { replace: true });
  }, [firstRun, session, navigate]);
  return firstRun ? <SetupPage /> : <Loading />;
}

/**
 * Signed-out visitors go to the sign-in page (and come back); a settings-link session
 * ("settings" scope) sees only its settings page; the admin area needs an admin.
 */
function Guard({ children, admin, scope }: { children: ReactNode; admin?: boolean; scope?: 'settings' }) {
  const { session } = useSession();
  const { navigate, path } = useRoute();
  const { t } = useI18n();
  const outOfScope = session?.scope === 'settings' && scope !== 'settings';
  useEffect(() => {
    if (session === null) navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
    else if (outOfScope) navigate('/settings', { replace: true });
  }, [session, outOfScope, navigate, path]);
  if (!session || outOfScope) return <Loading />;
  if (admin && session.user.role !== 'admin') {
    return <p className="error-text" role="alert" data-testid="forbidden">{t('error.adminOnly')}</p>;
  }
  return <>{children}</>;
}

function Loading() {
  const { t } = useI18n();
  return <p className="muted" role="status">{t('common.loading')}</p>;
}
