import { I18nProvider } from './i18n/i18n-context.js';
import { RouterProvider } from './router/router.js';
import { SessionProvider, useSession } from './session/session-context.js';
import { AppHeader } from './components/app-header.js';
import { SandboxBanner } from './components/sandbox-banner.js';
import { AppRoutes } from './app-routes.js';
import { useI18n } from './i18n/i18n-context.js';

export function App() {
  return (
    <I18nProvider>
      <RouterProvider>
        <SessionProvider>
          <Shell />
        </SessionProvider>
      </RouterProvider>
    </I18nProvider>
  );
}

function Shell() {
  const { t } = useI18n();
  const { setup } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">{t('nav.skip')}</a>
      {setup?.sandbox.active && <SandboxBanner />}
      <AppHeader />
      <main id="main" className="page" tabIndex={-1}>
        <AppRoutes />
      </main>
    </>
  );
}
