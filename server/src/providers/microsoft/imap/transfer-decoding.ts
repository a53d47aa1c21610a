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
  if (encoding === 'quoted-printable') return quotedPrintable(raw);
  return raw;
}

const EQUALS = 0x3d;

/** The value of each byte as a hex digit (RFC 2045 §6.7 allows lower case too), -1 for none. */
const HEX = new Int8Array(256).fill(-1);
for (let d = 0; d < 16; d++) {
  HEX['0123456789ABCDEF'.charCodeAt(d)] = d;
  HEX['0123456789abcdef'.charCodeAt(d)] = d;
}

/**
 * RFC 2045 §6.7: soft line breaks (`=`, maybe white space, then the end of a line) go, `=XX` is a
 * byte; a cut `=` or `=X` at the very end goes too. In that order, over the bytes as they are: the
 * soft breaks first, so that an `=XX` a soft break splits in two still decodes. Mostly a copy
 * between `=` signs, which indexOf finds.
 */
function quotedPrintable(raw: Buffer): Buffer {
  const len = raw.length;
  const joined = scratch(len);
  let n = 0;
  for (let i = 0; i < len; ) {
    const eq = raw.indexOf(EQUALS, i);
    const stop = eq < 0 ? len : eq;
    n += raw.copy(joined, n, i, stop);
    if (eq < 0) break;
    let j = eq + 1;
    while (j < len && (raw[j] === 0x20 || raw[j] === 0x09)) j++;
    if (j + 1 < len && raw[j] === 0x0d && raw[j + 1] === 0x0a) j++;
    if (j < len && raw[j] === 0x0a) {
      i = j + 1;
      continue;
    }
    joined[n++] = EQUALS;
    i = eq + 1;
  }
  if (n >= 2 && joined[n - 2] === EQUALS && HEX[joined[n - 1]!]! >= 0) n -= 2;
  else if (n >= 1 && joined[n - 1] === EQUALS) n -= 1;
  let out = 0;
  for (let i = 0; i < n; ) {
    const eq = joined.indexOf(EQUALS, i);
    const stop = eq < 0 || eq >= n ? n : eq;
    if (out !== i) joined.copyWithin(out, i, stop);
    out += stop - i;
    if (stop === n) break;
    const hi = eq + 2 < n ? HEX[joined[eq + 1]!]! : -1;
    const lo = hi >= 0 ? HEX[joined[eq + 2]!]! : -1;
    if (lo >= 0) {
      joined[out++] = (hi << 4) | lo;
      i = eq + 3;
    } else {
      joined[out++] = EQUALS;
      i = eq + 1;
    }
  }
  return joined.subarray(0, out);
}

/**
 * Room for the decoded bytes of one part, reused: they only live until decodeCharset has made them
 * text, and a prefix is 8 KiB (a new buffer that size for every message is work for the GC).
 * Never more than SCRATCH_MAX kept.
 */
let kept = Buffer.alloc(0);
const SCRATCH_MAX = 64 * 1024;

function scratch(size: number): Buffer {
  if (size > SCRATCH_MAX) return Buffer.allocUnsafe(size);
  if (kept.length < size) kept = Buffer.allocUnsafeSlow(Math.max(size, 16 * 1024));
  return kept;
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
    const decoder = labelled(label);
    if (decoder) return trimCut(decoder.decode(bytes));
    // An unknown label: the same fallbacks as none.
  }
  try {
    return utf8.decode(cut ? trimIncompleteUtf8(bytes) : bytes);
  } catch {
    return windows1252.decode(bytes);
  }
}

// Decoders are kept, not made per message: decode() without `stream` starts afresh each call
// (encoding.spec.whatwg.org, "decode(input, options)"), a fatal error included.
const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');
/** Only labels TextDecoder knows are kept, a bounded set (the Encoding Standard's label table). */
const decoders = new Map<string, Decoder>();
type Decoder = InstanceType<typeof TextDecoder>;

function labelled(label: string): Decoder | null {
  let decoder = decoders.get(label);
  if (!decoder) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      return null;
    }
    decoders.set(label, decoder);
  }
  return decoder;
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
