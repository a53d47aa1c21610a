import { describe, expect, it } from 'vitest';
import { SendMessage, TestMessage } from './messages.js';
import { SendingDefaults } from './sending-defaults.js';
import { UserCreate } from './users.js';

const base = { to: 'bob@contoso.example', subject: 'Hello', text: 'Hi' };
type Issue = { path: PropertyKey[]; errors?: Issue[][] };
/** Every issue's path, descending into union branches (an address is a string or an object). */
const flat = (issues: Issue[], at: PropertyKey[] = []): string[] =>
  issues.flatMap((i) => [[...at, ...i.path].join('.'), ...(i.errors ?? []).flatMap((branch) => flat(branch, [...at, ...i.path]))]);
const paths = (r: { success: boolean; error?: { issues: Issue[] } }) => flat(r.error?.issues ?? []);

describe('SendMessage text rules', () => {
  it.each([
    ['subject', { ...base, subject: 'Invoice \u202eexe.pdf' }, 'subject'],
    ['display name', { ...base, to: { address: 'bob@contoso.example', name: 'Bob \u2066x' } }, 'to.name'],
    ['file name', { ...base, attachments: [{ filename: 'photo\u202egpj.exe', contentBase64: '' }] }, 'attachments.0.filename'],
    ['header value', { ...base, headers: { 'X-Ref': 'a\u202bb' } }, 'headers.X-Ref'],
    ['recipient address', { ...base, cc: ['ok@contoso.example', 'b\u200bob@contoso.example'] }, 'cc.1'],
    ['reply-to address', { ...base, replyTo: 'rep\u2060ly@contoso.example' }, 'replyTo'],
  ])('refuses a bidi or invisible control in the %s', (_n, body, path) => {
    const r = SendMessage.safeParse(body);
    expect(r.success).toBe(false);
    expect(paths(r)).toContain(path);
  });

  it.each([
    ['text', { ...base, text: 'broken \ud800 text' }],
    ['html', { ...base, text: undefined, html: '<p>\udfff</p>' }],
    ['subject', { ...base, subject: 'x\ud83d' }],
  ])('refuses a lone surrogate in the %s', (field, body) => {
    const r = SendMessage.safeParse(body);
    expect(r.success).toBe(false);
    expect(paths(r)).toContain(field);
  });

  it('keeps newlines and bidi text in bodies, normalizing everything to NFC', () => {
    const m = SendMessage.parse({ ...base, to: { address: 'Jose\u0301@contoso.example', name: 'Jose\u0301' }, subject: 'Cafe\u0301 ☕', text: 'line 1\r\nline 2 \u202e kept', html: '<p>cafe\u0301</p>' });
    expect(m.to).toEqual({ address: 'Jos\u00e9@contoso.example', name: 'Jos\u00e9' });
    expect(m.subject).toBe('Caf\u00e9 ☕');
    expect(m.text).toBe('line 1\r\nline 2 \u202e kept');
    expect(m.html).toBe('<p>caf\u00e9</p>');
  });

  it('accepts emoji with zero-width joiners in names and subjects', () => {
    expect(SendMessage.safeParse({ ...base, subject: '👩\u200d👩\u200d👧 family', to: { address: 'bob@contoso.example', name: '🧑\u200d🚀 Bob' } }).success).toBe(true);
  });

  it('test e-mails take the same address rules', () => {
    expect(TestMessage.safeParse({ to: 'bo\u200bb@contoso.example' }).success).toBe(false);
  });
});

describe('other text fields', () => {
  it('the signature refuses lone surrogates and keeps newlines', () => {
    expect(paths(SendingDefaults.safeParse({ signatureHtml: '<b>x</b>\ud800' }))).toContain('signatureHtml');
    expect(SendingDefaults.parse({ signatureHtml: '<b>Jose\u0301</b>\n<i>CEO</i>' }).signatureHtml).toBe('<b>Jos\u00e9</b>\n<i>CEO</i>');
  });

  it('the sender name refuses bidi controls', () => {
    expect(paths(SendingDefaults.safeParse({ senderName: 'Ana \u202e' }))).toContain('senderName');
  });

  it('a user name refuses bidi controls and a user address refuses zero-width characters', () => {
    expect(paths(UserCreate.safeParse({ email: 'a@contoso.example', name: 'Ana\u202d' }))).toContain('name');
    expect(paths(UserCreate.safeParse({ email: 'usera\u200b@probe.test' }))).toContain('email');
  });
});
