import { describe as suite, expect, it } from 'vitest';
import { diagnosisCodes } from '@mailbridge/contract';
import { describe } from './describe.js';

suite('describe', () => {
  it('fills placeholders in the reader\'s language', () => {
    const en = describe('en', 'redirect_uri_mismatch', { redirectUri: 'https://mb.example/oauth/callback', clientId: 'abc' });
    expect(en.fix).toContain('https://mb.example/oauth/callback');
    const es = describe('es', 'redirect_uri_mismatch', { redirectUri: 'https://mb.example/oauth/callback', clientId: 'abc' });
    expect(es.fix).toContain('https://mb.example/oauth/callback');
    expect(es.fix).not.toEqual(en.fix);
  });
  it('never shows a raw placeholder when a value is unknown', () => {
    for (const code of diagnosisCodes) {
      for (const lang of ['en', 'es'] as const) {
        const d = describe(lang, code);
        expect(d.cause + d.fix, `${lang}.${code}`).not.toMatch(/\{\w+\}/);
        expect(d.fix.length, `${lang}.${code} fix`).toBeGreaterThan(10);
      }
    }
  });
  it('gives the admin-consent URL for consent_required', () => {
    const url = 'https://login.microsoftonline.com/common/adminconsent?client_id=x&redirect_uri=y';
    expect(describe('en', 'consent_required', { adminConsentUrl: url }).fix).toContain(url);
  });
});

suite('a placeholder without a value', () => {
  it('drops its whole sentence, never leaving "Microsoft said:" hanging', () => {
    for (const locale of ['en', 'es', 'vi', 'ko'] as const) {
      const { cause } = describe(locale, 'unknown');
      expect(cause).not.toMatch(/[:：]\s*$/);
      expect(cause).not.toContain('{');
      expect(cause.length).toBeGreaterThan(10);
    }
    expect(describe('en', 'unknown', { microsoftText: 'AADSTS0: odd' }).cause).toContain('Microsoft said: AADSTS0: odd');
  });
});
