import { describe, expect, it } from 'vitest';
import schema from '../../../../emulator/src/graph/mail-schema.json' with { type: 'json' };
import { toGraphSendMail } from './graph-message.js';

describe('toGraphSendMail', () => {
  const body = toGraphSendMail({
    from: { address: 'me@x.example', name: 'Sales' },
    to: [{ address: 'a@x.example', name: 'A' }],
    cc: [{ address: 'c@x.example' }],
    bcc: [],
    replyTo: [{ address: 'r@x.example' }],
    subject: 'S',
    text: 't',
    html: '<p>h</p>',
    attachments: [{ filename: 'f.txt', contentType: 'text/plain', inline: false, fileId: 'f1', size: 2, sha256: 'x' }],
    headers: { 'X-A': '1' },
  }, [Buffer.from('hi')]);
  const message = body.message as Record<string, unknown>;

  it('uses only property names of Graph\'s message type', () => {
    const types = (schema as { types: Record<string, { properties: Record<string, unknown>; navigation?: Record<string, unknown> }> }).types;
    const known = new Set([...Object.keys(types.message!.properties), ...Object.keys(types.message!.navigation ?? {}), ...Object.keys(types.outlookItem?.properties ?? {})]);
    for (const k of Object.keys(message)) expect(known.has(k), k).toBe(true);
  });

  it('maps recipients, body, headers and attachments', () => {
    expect(body.saveToSentItems).toBe(true);
    expect(message.body).toEqual({ contentType: 'HTML', content: '<p>h</p>' });
    expect(message.toRecipients).toEqual([{ emailAddress: { address: 'a@x.example', name: 'A' } }]);
    expect(message.from).toEqual({ emailAddress: { address: 'me@x.example', name: 'Sales' } });
    expect(message.ccRecipients).toEqual([{ emailAddress: { address: 'c@x.example' } }]);
    expect(message).not.toHaveProperty('bccRecipients');
    expect(message.internetMessageHeaders).toEqual([{ name: 'X-A', value: '1' }]);
    expect(message.attachments).toEqual([{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'f.txt', contentType: 'text/plain', contentBytes: 'aGk=', isInline: false }]);
  });
});
