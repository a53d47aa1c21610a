import { describe, expect, it } from 'vitest';
import { MAIL_FRAME_SANDBOX, mailFrameCsp } from './mail-frame-csp.js';

describe('mailFrameCsp', () => {
  it('allows only data: images and inline styles, framed by our own pages only, and sandboxes the document', () => {
    expect(mailFrameCsp({ imagesAllowed: false })).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox",
    );
  });

  it('adds remote images once the user allowed them', () => {
    const csp = mailFrameCsp({ imagesAllowed: true });
    expect(csp).toContain('img-src data: https: http:;');
    expect(csp).toContain(`sandbox ${MAIL_FRAME_SANDBOX}`);
  });

  it('never runs scripts, loads fonts, frames or plugins, or lets the frame share our origin', () => {
    for (const imagesAllowed of [false, true]) {
      const directives = mailFrameCsp({ imagesAllowed }).split('; ');
      expect(directives).toContain("default-src 'none'");
      expect(directives.filter((d) => /^(script|font|frame|object|connect|media|child|worker|manifest|prefetch)-src/.test(d))).toEqual([]);
      expect(directives.find((d) => d.startsWith('img-src'))).not.toMatch(/'self'|\*|127\.0\.0\.1|localhost/);
    }
    expect(MAIL_FRAME_SANDBOX).not.toMatch(/allow-(scripts|same-origin|forms|top-navigation|modals|downloads)/);
  });
});
