import { describe, expect, it } from 'vitest';
import { grantsRead } from './read-permission.js';

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
