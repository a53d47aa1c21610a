/**
 * The bytes of a MIME part's body as text, from the start of it only (a partial FETCH): the
 * Content-Transfer-Encoding undone (RFC 2045 §6.7 quoted-printable, §6.8 base64) and the charset
 * decoded (RFC 2046 §4.1.2). `cut`: the bytes stop where the prefix did, maybe inside a
 * character. Never throws: a part that cannot be read gives what can be.
 */
export function decodePartText(raw: Buffer, encoding: string | undefined, charset: string | undefined, cut = false): string {
  const bytes = undoTransferEncoding(raw, (encoding ?? '').trim().toLowerCase());
  return decodeCharset(bytes, charset, cut);
}

function undoTransferEncoding(raw: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') {
    const clean = raw.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, '');
    // A prefix ends anywhere: only whole 4-character groups decode to whole bytes.
    return Buffer.from(clean.slice(0, clean.length - (clean.length % 4)), 'base64');
  }
  if (encoding === 'quoted-printable') return quotedPrintable(raw.toString('latin1'));
  return raw;
}

/** RFC 2045 §6.7: soft line breaks (`=` at the end of a line) go, `=XX` is a byte; a cut `=X` at the end goes too. */
function quotedPrintable(text: string): Buffer {
  const joined = text.replace(/=[ \t]*\r?\n/g, '').replace(/=[0-9A-Fa-f]?$/, '');
  const out: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      out.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c & 0xff);
  }
  return Buffer.from(out);
}

/**
 * Bytes in a charset as WHATWG's TextDecoder knows it (labels such as `iso-8859-1`, `gb2312`,
 * `shift_jis`, `ks_c_5601-1987`); an unknown or missing one reads as UTF-8, and bytes that are
 * not UTF-8 then as windows-1252, which decodes every byte. When `cut`, a character cut at the
 * end is dropped.
 */
export function decodeCharset(bytes: Buffer, charset: string | undefined, cut = false): string {
  const label = (charset ?? '').trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (label && label !== 'utf-8' && label !== 'utf8') {
    try {
      return trimCut(new TextDecoder(label).decode(bytes));
    } catch {
      // An unknown label: the same fallbacks as none.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(cut ? trimIncompleteUtf8(bytes) : bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const trimCut = (text: string): string => text.replace(/\ufffd+$/, '');

/** Drops a UTF-8 sequence the prefix cut in two, so that a fatal decoder judges the rest. */
function trimIncompleteUtf8(bytes: Buffer): Buffer {
  let start = bytes.length - 1;
  // Up to three continuation bytes (10xxxxxx) before the lead byte of the last character.
  while (start >= 0 && start > bytes.length - 4 && (bytes[start]! & 0xc0) === 0x80) start--;
  if (start < 0) return bytes;
  const lead = bytes[start]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - start < need ? bytes.subarray(0, start) : bytes;
}
