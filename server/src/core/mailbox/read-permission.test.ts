import { describe, expect, it } from 'vitest';
import type { Deps } from '../deps.js';
import type { MailAccount } from '../domain.js';
import { grantsRead, missingReadPermission } from './read-permission.js';

/** Which grant lets each method read (issue 11: IMAP.AccessAsUser.All for SMTP + IMAP, Mail.ReadWrite for Graph). */
describe('grantsRead', () => {
  it('an SMTP + IMAP grant reads with Exchange Online\'s IMAP permission, and only with it', () => {
    expect(grantsRead('smtp_imap', 'https://outlook.office.com/SMTP.Send https://outlook.office.com/IMAP.AccessAsUser.All offline_access')).toBe(true);
    expect(grantsRead('smtp_imap', 'https://outlook.office.com/SMTP.Send offline_access')).toBe(false);
    // Graph's mail permission does not open IMAP.
    expect(grantsRead('smtp_imap', 'https://graph.microsoft.com/Mail.ReadWrite https://outlook.office.com/SMTP.Send')).toBe(false);
  });

  it('a Graph grant reads with Mail.ReadWrite, named short or in full, in any case', () => {
    expect(grantsRead('graph', 'Mail.Send Mail.ReadWrite User.Read')).toBe(true);
    expect(grantsRead('graph', 'https://graph.microsoft.com/mail.readwrite openid')).toBe(true);
    expect(grantsRead('graph', 'Mail.Send Mail.Read User.Read')).toBe(false);
  });

  it('no grant reads nothing', () => {
    expect(grantsRead('smtp_imap', null)).toBe(false);
    expect(grantsRead('graph', '')).toBe(false);
  });
});

/** The grant each method reads with is its own resource's: Exchange Online's for SMTP + IMAP, Graph's for Graph. */
describe('missingReadPermission', () => {
  const deps = (scopes: Record<string, string>) => ({
    store: { tokens: { scopes: async () => scopes } },
    outbox: { methods: { smtp_imap: { resource: 'outlook' }, graph: { resource: 'graph' }, graph_app: { resource: 'graph' } } },
  }) as unknown as Pick<Deps, 'store' | 'outbox'>;
  const account = (sendingMethod: MailAccount['sendingMethod']) => ({ id: 'a1', sendingMethod }) as MailAccount;

  it('an SMTP + IMAP account is read with its Exchange Online grant, whatever Graph\'s says', async () => {
    expect(await missingReadPermission(deps({ outlook: 'https://outlook.office.com/IMAP.AccessAsUser.All', graph: 'User.Read' }), account('smtp_imap'))).toBeNull();
    const missing = await missingReadPermission(deps({ outlook: 'https://outlook.office.com/SMTP.Send', graph: 'Mail.ReadWrite' }), account('smtp_imap'));
    expect(missing).toMatchObject({ diagnosis: 'read_permission_missing', params: { permission: 'IMAP.AccessAsUser.All' } });
  });

  it('a Graph account is read with its Graph grant; without a stored grant nothing is read', async () => {
    expect(await missingReadPermission(deps({ graph: 'Mail.ReadWrite' }), account('graph'))).toBeNull();
    expect(await missingReadPermission(deps({}), account('graph'))).toMatchObject({ diagnosis: 'read_permission_missing', params: { permission: 'Mail.ReadWrite' } });
  });
});
