import { describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../../core/errors.js';
import { smtpError, smtpReplyError } from './smtp-error.js';

/** Replies as Exchange Online gives them (docs/microsoft.md §3, "SMTP replies Mailbridge recognises"). */
const cases: Array<[reply: string, code: string, diagnosis: string | undefined]> = [
  ['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.', 'provider_rejected', 'smtp_auth_disabled'],
  ["535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator.", 'provider_rejected', 'smtp_auth_disabled'],
  ['535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.', 'provider_rejected', 'smtp_auth_disabled'],
  ['554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception', 'provider_rejected', 'send_as_denied'],
  ['550 5.7.60 SMTP; Client does not have permissions to send as this sender [EM0PR01CA0001.emulator.prod.outlook.com]', 'provider_rejected', 'send_as_denied'],
  ['554 5.2.0 STOREDRV.Submission.Exception:QuotaExceededException.MapiExceptionQuotaExceeded', 'provider_rejected', 'mailbox_full'],
  ['552 5.3.4 Message size exceeds fixed maximum message size', 'payload_too_large', 'message_too_large'],
  ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'provider_rejected', 'invalid_recipients'],
  ['432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname=EM0PR01CA0001]', 'throttled', 'throttled'],
  ['421 4.3.2 Service not available, closing transmission channel', 'provider_unavailable', 'microsoft_unavailable'],
  ['451 Temporary local problem', 'provider_unavailable', 'microsoft_unavailable'],
  ['554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; WASCL UserAction verdict is not None', 'provider_rejected', 'unknown'],
  ['550 Transaction failed', 'provider_rejected', 'unknown'],
];

describe('smtpReplyError', () => {
  it.each(cases)('%s → %s %s', (reply, code, diagnosis) => {
    const e = smtpReplyError(reply);
    expect({ code: e.code, diagnosis: e.diagnosis, microsoftText: e.microsoftText }).toEqual({ code, diagnosis, microsoftText: reply });
  });

  it('takes 535 5.7.3 for a refused token, so the outbox refreshes it once', () => {
    const e = smtpReplyError('535 5.7.3 Authentication unsuccessful [EM0PR01CA0001.emulator.prod.outlook.com]');
    expect(e).toBeInstanceOf(UnauthenticatedError);
    expect(e.microsoftText).toBe('535 5.7.3 Authentication unsuccessful [EM0PR01CA0001.emulator.prod.outlook.com]');
  });

  it("keeps Microsoft's words for the reader, and the mailbox's limit for a size refusal", () => {
    expect(smtpReplyError('552 5.3.4 Message size exceeds fixed maximum message size').toProblem(new Date(0)).params).toEqual({
      microsoftText: '552 5.3.4 Message size exceeds fixed maximum message size', limit: '@pages:limit.mailboxMaximum',
    });
  });
});

describe('smtpError', () => {
  it('reads nodemailer errors: a reply through the table, anything else as Microsoft unavailable', () => {
    expect(smtpError(Object.assign(new Error('Invalid login'), { code: 'EAUTH', response: '535 5.7.3 Authentication unsuccessful', command: 'AUTH XOAUTH2' }))).toBeInstanceOf(UnauthenticatedError);
    expect(smtpError(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION', command: 'CONN' }))).toMatchObject({ code: 'provider_unavailable' });
    expect(smtpError(Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT' }))).toMatchObject({ code: 'provider_unavailable' });
  });

  it('never takes a refused STARTTLS for a refusal of the message: no TLS, no send', () => {
    const e = smtpError(Object.assign(new Error('Error upgrading connection with STARTTLS'), { code: 'ETLS', response: '502 5.5.2 Command not recognized', command: 'STARTTLS' }));
    expect(e).toMatchObject({ code: 'provider_unavailable', message: expect.stringContaining('never sends in clear') });
  });
});
