import { describe, expect, it } from 'vitest';
import { MailboxLoginRefusedError } from '../../../core/mailbox/mailbox-reader.js';
import { imapEffect, imapError } from './imap-error.js';

const refusal = (status: 'NO' | 'BAD', text: string, code?: string) => Object.assign(new Error('Command failed'), { responseStatus: status, responseText: text, ...(code ? { serverResponseCode: code } : {}) });

describe('imapError', () => {
  it('names server answers from the table', () => {
    expect(imapEffect(refusal('NO', 'Mailbox does not exist', 'NONEXISTENT'))).toBe('missing');
    expect(imapEffect(refusal('NO', 'Server Unavailable. 15'))).toBe('unavailable');
    expect(imapEffect(refusal('BAD', 'User is authenticated but not connected.'))).toBe('unavailable');
    expect(imapEffect(refusal('NO', 'Request is throttled. Suggested Backoff Time: 200 milliseconds'))).toBe('throttled');
    expect(imapEffect(refusal('NO', 'The requested message could not be converted to an RFC-822 compatible format.'))).toBe('rejected');
    expect(imapError(refusal('NO', 'Quota exceeded', 'OVERQUOTA'))).toMatchObject({ code: 'provider_rejected', diagnosis: 'mailbox_full', microsoftText: 'Quota exceeded' });
  });

  it('takes a failure without an answer as Microsoft unavailable, and passes MailbridgeErrors as they are', () => {
    expect(imapError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ code: 'provider_unavailable', diagnosis: 'microsoft_unavailable' });
    expect(imapError(Object.assign(new Error('throttled'), { code: 'ETHROTTLE', throttleReset: 1500 }))).toMatchObject({ code: 'throttled', retryAfter: 2 });
    const refused = new MailboxLoginRefusedError('AUTHENTICATE failed.');
    expect(imapError(refused)).toBe(refused);
  });
});
