import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useSession } from '../session/session-context.js';
import { useRoute } from '../router/router.js';
import { PasswordDialog } from './password-dialog.js';

/** The signed-in user's small menu: who, change password, sign out. */
export function AccountMenu() {
  const { t } = useI18n();
  const { session, signOut } = useSession();
  const { navigate } = useRoute();
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  if (!session) return null;

  return (
    <div className="account-menu">
      <button
        type="button"
        className="button ghost"
        aria-expanded={open}
        aria-controls="account-menu-items"
        onClick={() => setOpen((o) => !o)}
        data-testid="account-menu"
      >
        {session.user.name || session.user.email}
      </button>
      {open && (
        <ul id="account-menu-items" className="menu-items" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <li>
            <button type="button" className="menu-item" onClick={() => { setOpen(false); setChanging(true); }} data-testid="change-password">
              {t('menu.changePassword')}
            </button>
          </li>
          <li>
            <button
              type="button"
              className="menu-item"
              data-testid="sign-out"
              onClick={async () => {
                await signOut();
                navigate('/login', { replace: true });
              }}
            >
              {t('menu.signOut')}
            </button>
          </li>
        </ul>
      )}
      {changing && <PasswordDialog onClose={() => setChanging(false)} />}
    </div>
  );
}
