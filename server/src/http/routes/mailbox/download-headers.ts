import type { FastifyReply } from 'fastify';

/** `type/subtype` with token characters only (RFC 9110 §8.3.1): anything else is sent as bytes. */
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/**
 * Types a browser would run or render as a document (HTML, XHTML, SVG, XML, scripts): sent as
 * bytes, whatever the sender declared. A received file is never shown by our origin.
 */
const ACTIVE = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|[a-z]+\/[a-z0-9.+-]*(javascript|ecmascript)|text\/xsl|application\/xslt\+xml)$/;

/** The declared media type if it is well-formed and passive, else application/octet-stream. */
export function downloadType(declared: string): string {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(type) && !ACTIVE.test(type) && !type.includes('+xml') ? type : 'application/octet-stream';
}

/**
 * `Content-Disposition: attachment` with the filename in both forms of RFC 6266 §4.3: an ASCII
 * `filename` (anything else, quotes, backslashes, path separators and controls become `_`) and
 * the exact name as `filename*` (RFC 8187, UTF-8 percent-encoded).
 */
export function attachmentDisposition(filename: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it removes.
  const name = filename.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^[\s.]+/, '').slice(0, 200) || 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]|["\\/:;%*?<>|]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Headers of a received file or message sent for download: never sniffed, never rendered, never run. */
export function sendDownload(reply: FastifyReply, bytes: Buffer, contentType: string, filename: string): Buffer {
  reply
    .header('content-type', contentType)
    .header('content-disposition', attachmentDisposition(filename))
    .header('x-content-type-options', 'nosniff')
    // Opened anyway (a browser that ignores the disposition): an opaque origin with nothing allowed.
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-length', String(bytes.length));
  return bytes;
}
