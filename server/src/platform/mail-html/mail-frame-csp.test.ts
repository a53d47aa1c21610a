import { describe, expect, it } from 'vitest';
import { MAIL_FRAME_SANDBOX, mailFrameCsp } from './mail-frame-csp.js';

describe('mailFrameCsp', () => {
  it('allows only our own and data: images, inline styles, and sandboxes the frame', () => {
    expect(mailFrameCsp({ imagesAllowed: false, selfOrigin: 'https://mail.example.com' })).toBe(
      "default-src 'none'; img-src https://mail.example.com data:; style-src 'unsafe-inline'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors https://mail.example.com; sandbox allow-popups allow-popups-to-escape-sandbox",
    );
  });

  it('adds remote images once the user allowed them', () => {
    const csp = mailFrameCsp({ imagesAllowed: true, selfOrigin: 'http://127.0.0.1:8080' });
    expect(csp).toContain('img-src http://127.0.0.1:8080 data: https: http:;');
    expect(csp).toContain(`sandbox ${MAIL_FRAME_SANDBOX}`);
  });

  it('leaves out what a <meta> policy may not carry', () => {
    const csp = mailFrameCsp({ imagesAllowed: false, selfOrigin: 'https://mail.example.com', delivery: 'meta' });
    expect(csp).toBe(
      "default-src 'none'; img-src https://mail.example.com data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    );
  });

  it('never runs scripts, loads fonts, frames or plugins, or lets the frame share our origin', () => {
    const directives = mailFrameCsp({ imagesAllowed: true, selfOrigin: 'https://mail.example.com' }).split('; ');
    expect(directives).toContain("default-src 'none'");
    expect(directives.filter((d) => /^(script|font|frame|object|connect|media|child|worker)-src/.test(d))).toEqual([]);
    expect(MAIL_FRAME_SANDBOX).not.toMatch(/allow-(scripts|same-origin|forms|top-navigation)/);
  });

  it.each(['https://mail.example.com/', 'https://mail.example.com; script-src *', 'javascript:alert(1)', 'mail.example.com', ''])(
    'refuses %j as selfOrigin',
    (selfOrigin) => {
      expect(() => mailFrameCsp({ imagesAllowed: false, selfOrigin })).toThrow(/selfOrigin/);
    },
  );
});
