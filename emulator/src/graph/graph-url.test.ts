import { describe, expect, it } from 'vitest';
import { normalizeGraphUrl } from './graph-url.js';

describe('normalizeGraphUrl', () => {
  it('turns keys in parentheses into segments and spells segment names one way', () => {
    expect(normalizeGraphUrl("/v1.0/me/mailfolders('AQMkAD=')/messages/delta?$skiptoken=x")).toBe('/v1.0/me/mailFolders/AQMkAD=/messages/delta?$skiptoken=x');
    expect(normalizeGraphUrl('/v1.0/me/MailFolders(%27inbox%27)/Messages')).toBe('/v1.0/me/mailFolders/inbox/messages');
    expect(normalizeGraphUrl('/v1.0/me/messages/AAMkAGmessages/createreplyall')).toBe('/v1.0/me/messages/AAMkAGmessages/createReplyAll');
    expect(normalizeGraphUrl('/common/oauth2/v2.0/token')).toBe('/common/oauth2/v2.0/token');
  });
});
