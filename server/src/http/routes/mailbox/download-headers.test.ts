import { describe, expect, it } from 'vitest';
import { attachmentDisposition, downloadType } from './download-headers.js';

describe('download headers', () => {
  it('keeps passive media types, sends active or malformed ones as bytes', () => {
    expect(downloadType('application/pdf; name="x.pdf"')).toBe('application/pdf');
    expect(downloadType('IMAGE/PNG')).toBe('image/png');
    for (const t of ['text/html', 'application/xhtml+xml', 'image/svg+xml', 'text/xml', 'application/javascript', 'text/javascript', 'application/rss+xml', 'text/html\r\nx: y', '', 'nonsense'])
      expect(downloadType(t), t).toBe('application/octet-stream');
  });

  it('names the file safely in both RFC 6266 forms', () => {
    expect(attachmentDisposition('report Q2.pdf')).toBe(`attachment; filename="report Q2.pdf"; filename*=UTF-8''report%20Q2.pdf`);
    expect(attachmentDisposition('../a"b\\c\r\n.html')).toBe(`attachment; filename="_a_b_c.html"; filename*=UTF-8''%2Fa%22b%5Cc.html`);
    expect(attachmentDisposition('Grüße.txt')).toBe(`attachment; filename="Gr__e.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt`);
    expect(attachmentDisposition('')).toBe(`attachment; filename="attachment"; filename*=UTF-8''attachment`);
  });
});
