import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ATTACHMENT_CHUNK_BYTES } from '../../../core/attachments/attachment-limits.js';
import type { OutgoingAddress, OutgoingAttachment, OutgoingMessage } from '../../../core/ports.js';
import type { DeliveryJob } from '../../../core/sending/mail-sender.js';

/** One SMTP transaction: who it goes from and to, and the message's bytes. */
export interface SmtpMessage {
  /** MAIL FROM and RCPT TO (RFC 5321 §3.3): Bcc recipients are here, never in a header. */
  envelope: { from: string; to: string[] };
  /** The message, produced as the server reads it (attachments read chunk by chunk). */
  stream: Readable;
  /** True once the stream began to be read: the server answered DATA, so it may have the message. */
  started(): boolean;
  /** The error a file could not be read with, if one could not (the stream then fails). */
  readFailure(): unknown;
}

/**
 * The SMTP transaction for a delivery: MIME content goes as it is with its envelope; a message is
 * built by nodemailer's MailComposer, with Mailbridge's Message-ID (the same at every attempt, so
 * a duplicate is recognisable), From: the signed-in mailbox when the message names no sender,
 * and its files streamed from storage, never held whole in memory (they go up to 150 MB).
 */
export function smtpMessage(job: Pick<DeliveryJob, 'content' | 'mailbox' | 'internetMessageId' | 'readAttachment' | 'now'>): SmtpMessage {
  let failure: unknown;
  let started = false;
  const c = job.content;
  const built =
    c.kind === 'mime'
      ? { envelope: c.envelope, stream: Readable.from([c.mime], { objectMode: false }) }
      : composed(job, c.message, (e) => (failure ??= e));
  built.stream.once('resume', () => (started = true));
  return { ...built, started: () => started, readFailure: () => failure };
}

function composed(job: Parameters<typeof smtpMessage>[0], m: OutgoingMessage, failed: (e: unknown) => void): Pick<SmtpMessage, 'envelope' | 'stream'> {
  const from = m.from ?? { address: job.mailbox.address };
  const composer = new MailComposer({
    from: address(from),
    to: m.to.map(address),
    cc: m.cc.map(address),
    // Bcc is left out of the composer: its recipients are only in the envelope.
    replyTo: m.replyTo.map(address),
    subject: m.subject,
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.html !== undefined ? { html: m.html } : {}),
    ...(m.text === undefined && m.html === undefined ? { text: '' } : {}),
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      contentDisposition: a.inline ? 'inline' : 'attachment',
      ...(a.contentId ? { cid: a.contentId } : {}),
      content: fileStream(job, a, failed),
    })),
    headers: m.headers,
    messageId: job.internetMessageId,
    date: job.now(),
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return { envelope: { from: from.address, to: unique([...m.to, ...m.cc, ...m.bcc].map((a) => a.address)) }, stream: composer.compile().createReadStream() };
}

const address = (a: OutgoingAddress) => ({ name: a.name ?? '', address: a.address });

/** Each address once, whatever its case (RFC 5321 §2.4: the domain is case-insensitive; Exchange treats the local part so too). */
const unique = (addresses: string[]) => [...new Map(addresses.map((a) => [a.toLowerCase(), a])).values()];

/** What each stage between storage and the socket (base64, dot-stuffing, TLS) holds at most: not a whole stored chunk. */
const SLICE_BYTES = 64 * 1024;

/** A stored file read one chunk at a time, as the connection asks for more. */
function fileStream(job: Parameters<typeof smtpMessage>[0], a: OutgoingAttachment, failed: (e: unknown) => void): Readable {
  async function* slices() {
    for (let start = 0; start < a.size; start += ATTACHMENT_CHUNK_BYTES) {
      let chunk: Buffer;
      try {
        chunk = await job.readAttachment(a, start, Math.min(start + ATTACHMENT_CHUNK_BYTES, a.size));
      } catch (e) {
        // Kept apart: nodemailer rewrites the code of an error its stream fails with.
        failed(e);
        throw new Error(`The file "${a.filename}" could not be read`, { cause: e });
      }
      for (let at = 0; at < chunk.length; at += SLICE_BYTES) yield chunk.subarray(at, at + SLICE_BYTES);
    }
  }
  // Not in object mode: the stream buffers 16 KiB, not 16 chunks.
  return Readable.from(slices(), { objectMode: false });
}
