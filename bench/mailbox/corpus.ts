import { seededRng } from '../../emulator/src/state/seeded-rng.js';

/**
 * A mailbox's worth of realistic messages for the reading benches, the same every run (a seeded
 * generator): sizes spread over 1–20 KB, about half text/plain, a third multipart/alternative
 * (text + HTML), the rest multipart/mixed with an attachment (a PDF or a PNG in base64), a few
 * quoted-printable bodies and encoded-word subjects, a third of them replies (`In-Reply-To` and
 * a `References` chain), about 70 % already read.
 */

export interface CorpusMessage {
  mime: Buffer;
  date: Date;
  seen: boolean;
  flagged: boolean;
  messageId: string;
  kind: 'plain' | 'alternative' | 'attachment';
  reply: boolean;
}

/** mulberry32, the emulator's: the same corpus for the same seed. */
const prng = seededRng;

const PEOPLE = [
  ['Adele Vance', 'adele@contoso.example'], ['Alex Wilber', 'alex@contoso.example'], ['Diego Siciliani', 'diego@fabrikam.example'],
  ['Grady Archie', 'grady@fabrikam.example'], ['Isaiah Langer', 'isaiah@northwind.example'], ['Johanna Lorenz', 'johanna@northwind.example'],
  ['Lee Gu', 'lee@tailspin.example'], ['Lidia Holloway', 'lidia@tailspin.example'], ['Nestor Wilke', 'nestor@woodgrove.example'],
  ['Patti Fernandez', 'patti@woodgrove.example'], ['Pradeep Gupta', 'pradeep@litware.example'], ['Zoë Müller', 'zoe@litware.example'],
] as const;
const TOPICS = ['Quarterly report', 'Invoice 2024-0117', 'Meeting notes', 'Project Falcon status', 'Travel plans', 'Contract renewal', 'Budget review',
  'Customer feedback', 'Release 3.2 checklist', 'Hiring update', 'Office move', 'Security review', 'Lunch on Friday?', 'Pedido nº 4711', 'Réunion de lundi'];
const WORDS = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ut enim ad minim ' +
  'veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum ' +
  'fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum invoice meeting ' +
  'shipment budget schedule customer review deadline proposal thanks regards attached please').split(' ');

const CRLF = '\r\n';

function paragraphs(rand: () => number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const n = 6 + Math.floor(rand() * 10);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    const line = `${words.join(' ')}.`;
    lines.push(line);
    size += line.length + 2;
    if (rand() < 0.2) lines.push('');
  }
  return lines.join(CRLF);
}

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text, soft line breaks at 76. */
function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split(CRLF)) {
    let enc = '';
    for (const byte of Buffer.from(line, 'utf8')) {
      enc += (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32 ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    for (let i = 0; i < enc.length; i += 75) out.push(enc.slice(i, i + 75) + (i + 75 < enc.length ? '=' : ''));
  }
  return out.join(CRLF);
}

function base64Lines(bytes: Buffer): string {
  return bytes.toString('base64').replace(/.{76}/g, `$&${CRLF}`);
}

const encodedWord = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`);
const address = ([name, email]: readonly [string, string]) => `${encodedWord(name)} <${email}>`;

/**
 * `count` messages to `owner`, dates spread over the last year, oldest first. `tag` goes into
 * every Message-ID, so two corpora never share one.
 */
export function corpus(owner: string, count: number, opts: { seed?: number; tag?: string } = {}): CorpusMessage[] {
  const rand = prng(opts.seed ?? 11);
  const tag = opts.tag ?? 'bench';
  const out: CorpusMessage[] = [];
  const start = Date.now() - 365 * 24 * 3600_000;
  const step = (365 * 24 * 3600_000) / Math.max(1, count);
  for (let i = 0; i < count; i++) {
    const date = new Date(start + i * step + Math.floor(rand() * step));
    const from = PEOPLE[Math.floor(rand() * PEOPLE.length)]!;
    const topic = TOPICS[Math.floor(rand() * TOPICS.length)]!;
    const messageId = `<${tag}-${i}.${Math.floor(rand() * 1e9).toString(36)}@${from[1].split('@')[1]}>`;
    // 1–20 KB in all, skewed towards the small end as real mail is.
    const target = Math.round(1100 + (rand() ** 2) * 19 * 1024);
    const reply = i > 0 && rand() < 0.33;
    const headers = [
      `Return-Path: <${from[1]}>`,
      `Received: from mail.${from[1].split('@')[1]} (mail.${from[1].split('@')[1]} [192.0.2.${1 + (i % 250)}]) by mx.contoso.example with ESMTPS id ${i.toString(36)}; ${date.toUTCString()}`,
      `From: ${address(from)}`,
      `To: ${owner}`,
      ...(rand() < 0.3 ? [`Cc: ${address(PEOPLE[Math.floor(rand() * PEOPLE.length)]!)}`] : []),
      `Subject: ${encodedWord(`${reply ? 'Re: ' : ''}${topic}${rand() < 0.5 ? ` #${i}` : ''}`)}`,
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: ${messageId}`,
    ];
    if (reply) {
      const back = Math.min(i, 1 + Math.floor(rand() * 5));
      const refs = Array.from({ length: back }, (_, k) => out[i - back + k]!.messageId);
      headers.push(`In-Reply-To: ${refs[refs.length - 1]}`, `References: ${refs.join(`${CRLF} `)}`);
    }
    headers.push('MIME-Version: 1.0');
    const kind = rand();
    const headerBytes = headers.join(CRLF).length;
    const bodyBytes = Math.max(500, target - headerBytes - 100);
    let body: string;
    if (kind < 0.5) {
      const qp = rand() < 0.2;
      const text = paragraphs(rand, bodyBytes) + (qp ? `${CRLF}Grüße — Zoë` : '');
      headers.push(`Content-Type: text/plain; charset=${qp ? 'utf-8' : 'us-ascii'}`, `Content-Transfer-Encoding: ${qp ? 'quoted-printable' : '7bit'}`);
      body = qp ? quotedPrintable(text) : text;
    } else if (kind < 0.85) {
      const text = paragraphs(rand, Math.floor(bodyBytes * 0.4));
      const html = `<html><head><style>p{font-family:Calibri,sans-serif}</style></head><body>${text.split(CRLF).filter(Boolean).map((p) => `<p>${p}</p>`).join(CRLF)}</body></html>`;
      const b = `alt-${i}-${Math.floor(rand() * 1e9).toString(36)}`;
      headers.push(`Content-Type: multipart/alternative; boundary="${b}"`);
      body = [`--${b}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(text),
        `--${b}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(html), `--${b}--`, ''].join(CRLF);
    } else {
      const text = paragraphs(rand, Math.min(1500, Math.floor(bodyBytes * 0.3)));
      const pdf = rand() < 0.6;
      const raw = Buffer.alloc(Math.max(300, Math.floor((bodyBytes - text.length) * 0.74)));
      for (let k = 0; k < raw.length; k++) raw[k] = Math.floor(rand() * 256);
      const b = `mix-${i}-${Math.floor(rand() * 1e9).toString(36)}`;
      headers.push(`Content-Type: multipart/mixed; boundary="${b}"`);
      body = [`--${b}`, 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit', '', text,
        `--${b}`, `Content-Type: ${pdf ? 'application/pdf' : 'image/png'}; name="${pdf ? `invoice-${i}.pdf` : `photo-${i}.png`}"`,
        `Content-Disposition: attachment; filename="${pdf ? `invoice-${i}.pdf` : `photo-${i}.png`}"`, 'Content-Transfer-Encoding: base64', '',
        base64Lines(raw), `--${b}--`, ''].join(CRLF);
    }
    out.push({
      mime: Buffer.from(`${headers.join(CRLF)}${CRLF}${CRLF}${body}`, 'utf8'), date, seen: rand() < 0.7, flagged: rand() < 0.03, messageId,
      kind: kind < 0.5 ? 'plain' : kind < 0.85 ? 'alternative' : 'attachment', reply,
    });
  }
  return out;
}

/** What a corpus is made of, for the bench's output. */
export function describeCorpus(messages: CorpusMessage[]): string {
  const sizes = messages.map((m) => m.mime.length).sort((a, b) => a - b);
  const kind = (k: CorpusMessage['kind']) => messages.filter((m) => m.kind === k).length;
  const pct = (n: number) => `${Math.round((n / messages.length) * 100)} %`;
  return `${messages.length} messages, ${(sizes.reduce((a, b) => a + b, 0) / 1024 / 1024).toFixed(1)} MB, sizes ${(sizes[0]! / 1024).toFixed(1)}–${(sizes.at(-1)! / 1024).toFixed(1)} KB (median ${(sizes[sizes.length >> 1]! / 1024).toFixed(1)} KB); ` +
    `text/plain ${pct(kind('plain'))}, multipart/alternative ${pct(kind('alternative'))}, multipart/mixed with an attachment ${pct(kind('attachment'))}, ` +
    `replies (In-Reply-To + References) ${pct(messages.filter((m) => m.reply).length)}, read ${pct(messages.filter((m) => m.seen).length)}`;
}
