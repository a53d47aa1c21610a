import { describe, expect, it } from 'vitest';
import { parseMime } from './parse-mime.js';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('parseMime', () => {
  it('reads text, HTML and files; inline parts by their bare Content-ID', async () => {
    const mime = crlf([
      'Subject: x', 'MIME-Version: 1.0', 'Content-Type: multipart/related; boundary="b"', '',
      '--b', 'Content-Type: text/html; charset=utf-8', '', '<p>Grüße <img src="cid:logo@x"></p>',
      '--b', 'Content-Type: image/png', 'Content-ID: <logo@x>', 'Content-Transfer-Encoding: base64', '', 'iVBORw0K',
      '--b', 'Content-Type: application/pdf', 'Content-Disposition: attachment; filename="r.pdf"', 'Content-Transfer-Encoding: base64', '', 'JVBERg==',
      '--b--', '',
    ]);
    const parsed = await parseMime(mime);
    expect(parsed.malformed).toBe(false);
    expect(parsed.html).toContain('Grüße');
    expect(parsed.text).toBeNull();
    expect(parsed.attachments.map(({ content: _c, ...a }) => a)).toEqual([
      { id: 'a0', filename: 'attachment-1', contentType: 'image/png', size: 6, inline: true, contentId: 'logo@x' },
      { id: 'a1', filename: 'r.pdf', contentType: 'application/pdf', size: 4, inline: false, contentId: null },
    ]);
  });

  it('shows what it cannot read as text, never failing', async () => {
    const unclosed = await parseMime(crlf(['Subject: x', 'Content-Type: multipart/mixed; boundary="nope"', '', 'Words before any boundary.', '']));
    expect(unclosed.text).toContain('Words before any boundary.');
    expect(unclosed.html).toBeNull();
    const garbage = await parseMime(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0x0a, 0x42]));
    expect(garbage.text).not.toBeNull();
    expect((await parseMime(Buffer.alloc(0))).attachments).toEqual([]);
  });
});
