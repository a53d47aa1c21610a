import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import { CommandLine } from '../../components/command-line.js';
import { accessPolicyCommands, rbacCommands, recipientFilter, SCOPE_NAME, type Command } from './app-only-commands.js';

const rbacText: Record<string, MessageKey> = {
  connect: 'admin.appOnly.rbac.connect',
  principal: 'admin.appOnly.rbac.principal',
  scope: 'admin.appOnly.rbac.scope',
  send: 'admin.appOnly.rbac.send',
  readwrite: 'admin.appOnly.rbac.readwrite',
};

/** A command's name for its copy button: the cmdlet, and the role when several assign one. */
function nameOf(command: string): string {
  const role = /-Role "([^"]+)"/.exec(command)?.[1];
  const cmdlet = command.split(' ')[0] ?? command;
  return role ? `${cmdlet} (${role})` : cmdlet;
}

/**
 * How to let the organisation app send from the service mailboxes, filled with its client ID and
 * their addresses (docs/microsoft.md §7): RBAC for Applications scoped to them (recommended), or
 * the Entra application permission narrowed by an application access policy.
 */
export function AppOnlySteps({ clientId, addresses }: { clientId: string; addresses: string[] }) {
  const { t } = useI18n();
  const row = (prefix: string, c: Command, text: string) => (
    <li key={c.key}>
      <p>{text}</p>
      <CommandLine command={c.command} copyLabel={t('copy.named', { name: nameOf(c.command) })} testId={`${prefix}-${c.key}`} />
    </li>
  );
  const rbac = rbacCommands(clientId, addresses);
  const [connect, policy] = accessPolicyCommands(clientId);
  const rescope = `Set-ManagementScope -Identity "${SCOPE_NAME}" -RecipientRestrictionFilter "${recipientFilter(addresses)}"`;
  return (
    <div className="stack" data-testid="app-only-steps">
      <h3 id="app-only-steps-title">{t('admin.appOnly.steps.title')}</h3>
      <p className="muted">{t('admin.appOnly.steps.intro')}</p>
      <p className="notice warning" data-testid="app-only-readwrite-note">{t('admin.appOnly.readWriteNote')}</p>

      <section className="stack" aria-labelledby="app-only-rbac-title" data-testid="app-only-rbac">
        <h4 id="app-only-rbac-title">{t('admin.appOnly.rbac.title')}</h4>
        <p className="muted">{t('admin.appOnly.rbac.intro')}</p>
        <ol className="app-only-steps">
          {rbac.map((c) => row('app-only-rbac', c, t(rbacText[c.key]!)))}
        </ol>
        {addresses.length === 0 && <p className="hint" data-testid="app-only-scope-example">{t('admin.appOnly.rbac.scopeExample')}</p>}
        <p className="hint">{t('admin.appOnly.rbac.rescope')}</p>
        <CommandLine command={rescope} copyLabel={t('copy.named', { name: 'Set-ManagementScope' })} testId="app-only-rbac-rescope" />
        <p className="notice warning" data-testid="app-only-rbac-warning">{t('admin.appOnly.rbac.warning')}</p>
      </section>

      <section className="stack" aria-labelledby="app-only-policy-title" data-testid="app-only-policy">
        <h4 id="app-only-policy-title">{t('admin.appOnly.policy.title')}</h4>
        <p className="muted">{t('admin.appOnly.policy.intro')}</p>
        <ol className="app-only-steps">
          <li><p>{t('admin.appOnly.policy.consent')}</p></li>
          {row('app-only-policy', connect!, t('admin.appOnly.rbac.connect'))}
          {row('app-only-policy', policy!, t('admin.appOnly.policy.group'))}
        </ol>
      </section>
    </div>
  );
}
