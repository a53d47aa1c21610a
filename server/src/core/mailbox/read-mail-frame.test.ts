import { describe, expect, it } from 'vitest';
import type { ParsedAttachment } from './mail-content.js';
import { inlineImageUrls } from './read-mail-frame.js';

const part = (id: string, contentType: string, content: Buffer, contentId: string | null = `${id}@example`): ParsedAttachment => ({
  id, filename: `${id}.bin`, contentType, size: content.length, inline: true, contentId, content,
});
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const png64 = `data:image/png;base64,${PNG.toString('base64')}`;

describe('inlineImageUrls (cid: images of the frame as data: URIs)', () => {
  it('inlines raster image parts by Content-ID, case-insensitively, with a normalised type', () => {
    const url = inlineImageUrls([part('a0', 'image/png; name="logo.png"', PNG), part('a1', 'IMAGE/JPG', Buffer.from([0xff, 0xd8, 0xff]))], 1024);
    expect(url('A0@Example')).toBe(png64);
    expect(url('a1@example')).toBe('data:image/jpeg;base64,/9j/');
    expect(url('nobody@example')).toBeNull();
  });

  it('never inlines what is not a raster image (SVG, HTML, a type with junk)', () => {
    const url = inlineImageUrls([
      part('a0', 'image/svg+xml', Buffer.from('<svg onload="alert(1)"/>')),
      part('a1', 'text/html', Buffer.from('<script>alert(1)</script>')),
      part('a2', 'image/png;base64,AAAA"', PNG),
      part('a3', 'application/octet-stream', PNG),
      part('a4', 'image/png', PNG, null),
    ], 1024 * 1024);
    for (const cid of ['a0@example', 'a1@example', 'a3@example', 'a4@example']) expect(url(cid), cid).toBeNull();
    // The parameters go: what is written is the type alone.
    expect(url('a2@example')).toBe(png64);
  });

  it('stops at the budget, counting each use, and never encodes a part too large for what is left', () => {
    const big = part('a1', 'image/gif', Buffer.alloc(3000));
    const url = inlineImageUrls([part('a0', 'image/png', PNG), big], png64.length * 2 + 10);
    expect(url('a0@example')).toBe(png64);
    expect(url('a1@example')).toBeNull();
    expect(url('a0@example')).toBe(png64);
    expect(url('a0@example')).toBeNull();
  });
});
