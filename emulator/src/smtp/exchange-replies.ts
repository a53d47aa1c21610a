/**
 * Exchange Online's SMTP client-submission replies (smtp.office365.com:587), as clients quote them
 * (MICROSOFT.md §3 and the public reports cited there). Each reply is a code and the text after
 * it, the text starting with the enhanced status code (RFC 3463). Exchange ends many of them with
 * the name of the front-end server in brackets; the emulator gives its own name there.
 */
export interface SmtpReply {
  code: number;
  text: string;
}

/** The server name the emulator uses where Exchange names its front end (greeting, EHLO, trailers). */
export const SMTP_HOSTNAME = 'EM0PR01CA0001.emulator.prod.outlook.com';

/** What Exchange Online advertises as SIZE (150 MB); each mailbox's own limit is checked after AUTH. */
export const ADVERTISED_SIZE = 157286400;

const host = `[${SMTP_HOSTNAME}]`;

export const REPLIES = {
  /** XOAUTH2 refused: unknown, expired or non-Outlook token, no SMTP.Send, or `user=` not the token's user. */
  authFailed: { code: 535, text: `5.7.3 Authentication unsuccessful ${host}` },
  /** SMTP AUTH off for the organization (and not turned on for the mailbox). */
  smtpAuthDisabledTenant: {
    code: 535,
    text: '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
  },
  /** SMTP AUTH off for this mailbox. */
  smtpAuthDisabledMailbox: {
    code: 535,
    text: '5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.',
  },
  /** AUTH before STARTTLS (Exchange offers no mechanism then), or a mechanism it does not offer (PLAIN, LOGIN). */
  unrecognizedAuth: { code: 504, text: `5.7.4 Unrecognized authentication type ${host}` },
  /** MAIL FROM before a successful AUTH. */
  notAuthenticated: { code: 530, text: `5.7.57 Client not authenticated to send mail. ${host}` },
  /** MAIL FROM an address the mailbox may not send as. */
  sendAsEnvelopeDenied: { code: 550, text: `5.7.60 SMTP; Client does not have permissions to send as this sender ${host}` },
  /**
   * A From: header the mailbox may not send as, at the end of DATA. Exchange follows it with
   * a long diagnostic blob (`0.35250:…, 1.36674:…`), abbreviated here.
   */
  sendAsDenied: {
    code: 554,
    text: '5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message. 0.35250:0A007C85, 1.36674:0A000000, 1.61250:00000000, 1.45378:02000000',
  },
  /** A message over the mailbox's maximum send size (at MAIL FROM SIZE=, or at the end of DATA). */
  tooBig: { code: 552, text: '5.3.4 Message size exceeds fixed maximum message size' },
  /** A message on a 4th concurrent connection of the mailbox, at the end of DATA. */
  threadLimit: { code: 432, text: `4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname=${SMTP_HOSTNAME}]` },
  authOk: { code: 235, text: '2.7.0 Authentication successful' },
  senderOk: { code: 250, text: '2.1.0 Sender OK' },
  recipientOk: { code: 250, text: '2.1.5 Recipient OK' },
  startTls: { code: 220, text: '2.0.0 SMTP server ready' },
  startData: { code: 354, text: 'Start mail input; end with <CRLF>.<CRLF>' },
  bye: { code: 221, text: '2.0.0 Service closing transmission channel' },
} as const satisfies Record<string, SmtpReply>;

/** The reply to the end of DATA when Exchange took the message. */
export function queued(internetMessageId: string): SmtpReply {
  return { code: 250, text: `2.0.0 OK ${internetMessageId} [Hostname=${SMTP_HOSTNAME}]` };
}

/** The greeting: `220 {host} Microsoft ESMTP MAIL Service ready at Sun, 5 Jan 2025 16:47:58 +0000`. */
export function greeting(now: number): SmtpReply {
  const d = new Date(now);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return { code: 220, text: `${SMTP_HOSTNAME} Microsoft ESMTP MAIL Service ready at ${days[d.getUTCDay()]}, ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} +0000` };
}

export const line = (r: SmtpReply): string => `${r.code} ${r.text}`;

/** An error for an smtp-server callback: the client gets `code text`. */
export function replyError(r: SmtpReply): Error & { responseCode: number } {
  return Object.assign(new Error(r.text), { responseCode: r.code });
}
