/**
 * The named character references mail bodies use in practice (of the 2,231 in the HTML standard,
 * §13.5 "Named character references"); an unknown name stays as written, as browsers leave it.
 */
const named: Readonly<Record<string, string>> = {
  amp: '&', AMP: '&', lt: '<', LT: '<', gt: '>', GT: '>', quot: '"', QUOT: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  shy: '\u00ad', zwnj: '\u200c', zwj: '\u200d', lrm: '\u200e', rlm: '\u200f', ndash: '\u2013', mdash: '\u2014',
  lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c', rdquo: '\u201d', bdquo: '\u201e', laquo: '\u00ab',
  raquo: '\u00bb', hellip: '\u2026', bull: '\u2022', middot: '\u00b7', copy: '\u00a9', reg: '\u00ae', trade: '\u2122',
  euro: '\u20ac', pound: '\u00a3', yen: '\u00a5', cent: '\u00a2', deg: '\u00b0', times: '\u00d7', divide: '\u00f7',
  iexcl: '\u00a1', iquest: '\u00bf', sect: '\u00a7', para: '\u00b6', aacute: '\u00e1', eacute: '\u00e9', iacute: '\u00ed',
  oacute: '\u00f3', uacute: '\u00fa', agrave: '\u00e0', egrave: '\u00e8', ccedil: '\u00e7', ntilde: '\u00f1', auml: '\u00e4',
  ouml: '\u00f6', uuml: '\u00fc', szlig: '\u00df', Auml: '\u00c4', Ouml: '\u00d6', Uuml: '\u00dc', Eacute: '\u00c9',
};

// HTML §13.2.5.80: numeric references to 0x80–0x9F mean the windows-1252 characters (written out:
// Node's TextDecoder('windows-1252') decodes as ISO-8859-1). 0x81, 0x8D, 0x8F, 0x90, 0x9D stay.
const windows1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fromCodePoint(n: number): string {
  if (n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\ufffd';
  if (n >= 0x80 && n <= 0x9f) return windows1252[n - 0x80]!;
  return String.fromCodePoint(n);
}

/** Decodes character references (`&amp;`, `&#233;`, `&#xE9;`); never throws. */
export const decodeEntities = (s: string): string =>
  s.indexOf('&') < 0
    ? s
    : s.replace(/&(?:#[xX]([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g, (all, hex?: string, dec?: string, name?: string) => {
        if (hex !== undefined) return fromCodePoint(parseInt(hex, 16));
        if (dec !== undefined) return fromCodePoint(parseInt(dec, 10));
        return named[name!] ?? all;
      });
