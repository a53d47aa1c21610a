import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerAuthentication, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { maySendAs, deliverMessage } from '../graph/submit-message.js';
import { newInternetMessageId } from '../graph/message-ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { SmtpAuthAttempt, SmtpEndpoint, SmtpSessionRecord, SmtpStage, SmtpTransaction, User } from '../state/types.js';
import { exchangeDialect, type Connection } from './exchange-dialect.js';
import { ADVERTISED_SIZE, line, queued, REPLIES, replyError, SMTP_HOSTNAME, type SmtpReply } from './exchange-replies.js';
import { makeTestCertificate } from './smtp-certificate.js';
import { takeSmtpFault } from './smtp-faults.js';
import { fromAddresses, parseSubmission, toStoredFields } from './smtp-message.js';
import { checkXoauth2 } from './xoauth2.js';

export interface SmtpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Keep a record of every session for smtpSessions() (the embedded sandbox keeps none). */
  record: boolean;
  /** Awaited after a message was delivered, before the reply to its DATA (StartOptions.onChange). */
  onChange?: (() => Promise<void> | void) | undefined;
}

export interface RunningSmtp {
  endpoint: SmtpEndpoint;
  close(): Promise<void>;
}

/** What the emulator knows about one open connection. */
interface ConnState {
  conn: Connection;
  record: SmtpSessionRecord;
  /** Texts of replies the emulator wrote itself, sent as they are (see exchange-dialect.ts). */
  verbatim: Set<string>;
  /** The user the session authenticated as. */
  user?: User;
  tx?: SmtpTransaction;
}

type Gate = { kind: 'pass' } | { kind: 'reply'; reply: SmtpReply } | { kind: 'drop'; after: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The reply to a bug of the emulator's (smtp-server adds the enhanced code 4.3.0). */
const internalError = () => replyError({ code: 451, text: 'Temporary server error. Please try again later.' });

/** Runs a handler; a bug in it answers `451 4.3.0 …` instead of escaping as an unhandled rejection. */
function guard(cb: (err: Error) => void, fn: () => Promise<void> | void): void {
  const fail = () => cb(internalError());
  try {
    const out = fn();
    if (out) out.catch(fail);
  } catch {
    fail();
  }
}
/** Server replies kept per session record. */
const MAX_REPLIES = 200;

/**
 * Exchange Online's SMTP client submission (smtp.office365.com:587) on loopback, over the
 * `smtp-server` library: STARTTLS before AUTH, AUTH XOAUTH2 only, Outlook tokens only, the
 * mailbox's send-as rights, maximum send size and 3 concurrent connections, then delivery like a
 * Graph send. Behaviour and replies: emulator/README.md, "SMTP submission".
 */
class ExchangeSubmission {
  readonly server: SMTPServer;
  private readonly states = new Map<string, ConnState>();
  /** Per user id: the ids of its authenticated open sessions, in the order they authenticated. */
  private readonly authenticated = new Map<string, string[]>();

  constructor(private readonly ctx: EmulatorContext, private readonly opts: SmtpServerOptions, tls: { key: string; cert: string }) {
    this.server = new SMTPServer({
      name: SMTP_HOSTNAME,
      key: tls.key,
      cert: tls.cert,
      authMethods: ['XOAUTH2'],
      size: ADVERTISED_SIZE,
      hideENHANCEDSTATUSCODES: false,
      hideDSN: false,
      disableReverseLookup: true,
      heloResponse: '%s Hello %s',
      authRequiredMessage: REPLIES.notAuthenticated.text,
      logger: false,
      closeTimeout: 1000,
      onConnect: (session, cb) => guard(cb, () => this.onConnect(session, cb)),
      onSecure: (_socket, session, cb) => this.onSecure(session, cb),
      onAuth: (auth, session, cb) => guard(cb, () => this.onAuth(auth, session, cb)),
      onMailFrom: (address, session, cb) => guard(cb, () => this.onMailFrom(address, session, cb)),
      onRcptTo: (address, session, cb) => guard(cb, () => this.onRcptTo(address, session, cb)),
      onData: (stream, session, cb) => guard(cb, () => this.onData(stream, session, cb)),
      onClose: (session) => this.onClose(session),
    });
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  /** An error whose text the dialect sends as is, after its code. */
  private refusal(state: ConnState, reply: SmtpReply): Error {
    state.verbatim.add(reply.text);
    return replyError(reply);
  }

  /** Cuts the connection without a reply, as a network failure would. */
  private drop(state: ConnState): void {
    state.record.dropped = true;
    state.conn._socket.destroy();
  }

  /** Applies the SMTP fault (if one fires) of this stage: its delay, then what it asks for. */
  private async gate(stage: SmtpStage, mailbox: string | undefined): Promise<Gate> {
    if (this.ctx.store.traffic.smtpFaults.length === 0) return { kind: 'pass' };
    const spec = takeSmtpFault(this.ctx, stage, mailbox);
    if (!spec) return { kind: 'pass' };
    if (spec.delayMs) await sleep(spec.delayMs);
    if ('drop' in spec) return { kind: 'drop', after: spec.drop === 'after' };
    if ('code' in spec) return { kind: 'reply', reply: { code: spec.code, text: spec.text } };
    return { kind: 'pass' };
  }

  private state(session: SMTPServerSession): ConnState {
    const state = this.states.get(session.id);
    if (!state) throw new Error(`no SMTP session ${session.id}`);
    return state;
  }

  private async onConnect(session: SMTPServerSession, cb: (err?: Error | null) => void): Promise<void> {
    const conn = [...this.server.connections].find((c) => c.session === session);
    if (!conn) return cb(new Error('connection not found'));
    const record: SmtpSessionRecord = {
      id: session.id, remoteAddress: session.remoteAddress, startedAt: this.now(), endedAt: null, tls: false,
      user: null, audience: null, mailbox: null, outcome: 'unauthenticated', auth: [], transactions: [], replies: [], dropped: false,
    };
    if (this.opts.record) this.ctx.store.traffic.smtpSessions.push(record);
    const state: ConnState = { conn, record, verbatim: new Set() };
    this.states.set(session.id, state);
    exchangeDialect(conn, {
      verbatim: state.verbatim,
      now: () => this.now(),
      sent: (reply) => { if (record.replies.length < MAX_REPLIES) record.replies.push(reply); },
      unreadableXoauth2: (reply) => record.auth.push({
        at: this.now(), mechanism: 'XOAUTH2', user: '', tokenUser: null, audience: null, scopes: [], clientId: null, reply, ok: false,
      }),
    });
    // Before STARTTLS Exchange offers no AUTH mechanism at all (its EHLO has no AUTH line).
    session.disabledCommands = ['AUTH'];
    const gate = await this.gate('connect', undefined);
    if (gate.kind === 'drop') {
      this.drop(state);
      return cb(new Error('dropped'));
    }
    if (gate.kind === 'reply') return cb(this.refusal(state, gate.reply));
    cb();
  }

  private onSecure(session: SMTPServerSession, cb: (err?: Error | null) => void): void {
    const state = this.states.get(session.id);
    if (state) state.record.tls = true;
    session.disabledCommands = [];
    cb();
  }

  private async onAuth(auth: SMTPServerAuthentication, session: SMTPServerSession, cb: (err: Error | null | undefined, response?: { user: string }) => void): Promise<void> {
    const state = this.state(session);
    const user = auth.username ?? '';
    state.record.user = user;
    const attempt: SmtpAuthAttempt = {
      at: this.now(), mechanism: auth.method, user, tokenUser: null, audience: null, scopes: [], clientId: null, reply: '', ok: false,
    };
    state.record.auth.push(attempt);
    const refuse = (reply: SmtpReply) => {
      attempt.reply = line(reply);
      state.record.outcome = 'refused';
      cb(this.refusal(state, reply));
    };
    const gate = await this.gate('auth', user);
    if (gate.kind === 'drop') {
      this.drop(state);
      return cb(new Error('dropped'));
    }
    if (gate.kind === 'reply') return refuse(gate.reply);
    const result = checkXoauth2(this.ctx, user, auth.accessToken ?? '');
    const token = result.token;
    const tokenUser = result.ok ? result.user : result.tokenUser;
    Object.assign(attempt, {
      tokenUser: tokenUser?.email ?? null, audience: token?.resource ?? null, scopes: [...(token?.scopes ?? [])], clientId: token?.clientId ?? null,
    });
    state.record.audience = attempt.audience;
    if (!result.ok) return refuse(result.reply);
    attempt.ok = true;
    attempt.reply = line(REPLIES.authOk);
    state.user = result.user;
    state.record.mailbox = result.user.email;
    state.record.outcome = 'authenticated';
    const open = this.authenticated.get(result.user.id) ?? [];
    open.push(session.id);
    this.authenticated.set(result.user.id, open);
    cb(null, { user: result.user.id });
  }

  private async onMailFrom(address: SMTPServerAddress, session: SMTPServerSession, cb: (err?: Error | null) => void): Promise<void> {
    const state = this.state(session);
    const user = state.user;
    // Before STARTTLS smtp-server leaves this to us (AUTH is not offered then).
    if (!user) return cb(this.refusal(state, REPLIES.notAuthenticated));
    const tx: SmtpTransaction = { at: this.now(), mailFrom: address.address, rcptTo: [], size: null, reply: null, accepted: false, internetMessageId: null };
    state.record.transactions.push(tx);
    state.tx = tx;
    const refuse = (reply: SmtpReply) => {
      tx.reply = line(reply);
      cb(this.refusal(state, reply));
    };
    const gate = await this.gate('mail', user.email);
    if (gate.kind === 'drop') {
      this.drop(state);
      return cb(new Error('dropped'));
    }
    if (gate.kind === 'reply') return refuse(gate.reply);
    if (!maySendAs(user, address.address)) return refuse(REPLIES.sendAsEnvelopeDenied);
    const size = address.args ? address.args.SIZE : undefined;
    if (typeof size === 'string' && Number(size) > user.maxSendSizeBytes) return refuse(REPLIES.tooBig);
    cb();
  }

  private async onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, cb: (err?: Error | null) => void): Promise<void> {
    const state = this.state(session);
    const gate = await this.gate('rcpt', state.user?.email);
    if (gate.kind === 'drop') {
      this.drop(state);
      return cb(new Error('dropped'));
    }
    if (gate.kind === 'reply') return cb(this.refusal(state, gate.reply));
    state.tx?.rcptTo.push(address.address);
    cb();
  }

  /**
   * Receives the message (keeping at most the mailbox's maximum send size in memory), then, in
   * Exchange's order: an injected fault, the size limit, the sender thread limit, the From:
   * header's send-as check; then stores and delivers it.
   */
  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb: (err?: Error | null, message?: string) => void): void {
    const state = this.state(session);
    const user = state.user as User;
    const limit = user.maxSendSizeBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    const faultTaken = this.gate('data', user.email);
    let cut = false;
    const cutIfAsked = () => {
      void faultTaken.then((gate) => {
        if (cut || gate.kind !== 'drop' || gate.after) return;
        cut = true;
        this.drop(state);
        cb(new Error('dropped'));
      });
    };
    stream.on('data', (chunk: Buffer) => {
      if (size === 0) cutIfAsked();
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (size === 0) cutIfAsked();
      void faultTaken.then((gate) => {
        if (!cut) this.finishData(state, user, gate, Buffer.concat(chunks), size, cb).catch(() => cb(internalError()));
      });
    });
  }

  private async finishData(
    state: ConnState, user: User, gate: Gate, raw: Buffer, size: number, cb: (err?: Error | null, message?: string) => void,
  ): Promise<void> {
    const tx = state.tx;
    const envelope = state.conn.session.envelope;
    const rcptTo = envelope.rcptTo.map((r) => r.address);
    const mailFrom = envelope.mailFrom ? envelope.mailFrom.address : '';
    if (tx) { tx.size = size; tx.rcptTo = [...rcptTo]; }
    const refuse = (reply: SmtpReply) => {
      if (tx) tx.reply = line(reply);
      cb(this.refusal(state, reply));
    };
    if (gate.kind === 'reply') return refuse(gate.reply);
    if (size > user.maxSendSizeBytes) return refuse(REPLIES.tooBig);
    const limit = this.ctx.store.traffic.limits.smtpConnections;
    if (limit > 0 && (this.authenticated.get(user.id) ?? []).indexOf(state.record.id) >= limit) return refuse(REPLIES.threadLimit);
    let parsed;
    try {
      parsed = await parseSubmission(raw);
    } catch {
      return refuse({ code: 554, text: '5.6.0 Invalid message content' });
    }
    if (fromAddresses(parsed).some((a) => !maySendAs(user, a))) return refuse(REPLIES.sendAsDenied);
    const nowIso = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const { message, attachmentBytes } = toStoredFields(parsed, rcptTo, nowIso);
    message.internetMessageId ??= newInternetMessageId(user);
    const sent = deliverMessage(this.ctx, user, message, rcptTo, {
      saveToSentItems: true, via: 'smtp', envelope: { mailFrom, rcptTo }, mime: raw.toString('utf8'),
      ...(Object.keys(attachmentBytes).length ? { attachmentBytes } : {}),
    });
    if (this.opts.onChange) {
      try {
        await this.opts.onChange();
      } catch {
        // As an HTTP request whose onChange fails gets a 500: the client is told to try again.
        return refuse({ code: 451, text: '4.3.0 Temporary server error. Please try again later.' });
      }
    }
    const reply = queued(sent.internetMessageId);
    if (tx) {
      tx.accepted = true;
      tx.internetMessageId = sent.internetMessageId;
      tx.reply = line(reply);
    }
    if (gate.kind === 'drop') {
      // Accepted and delivered, but the client never hears so.
      if (tx) tx.reply = null;
      this.drop(state);
      return cb(new Error('dropped'));
    }
    state.verbatim.add(reply.text);
    cb(null, reply.text);
  }

  private onClose(session: SMTPServerSession): void {
    const state = this.states.get(session.id);
    if (!state) return;
    this.states.delete(session.id);
    state.record.endedAt = this.now();
    if (state.user) {
      const left = (this.authenticated.get(state.user.id) ?? []).filter((id) => id !== session.id);
      if (left.length) this.authenticated.set(state.user.id, left);
      else this.authenticated.delete(state.user.id);
    }
  }
}

/** Starts the SMTP submission endpoint with a fresh certificate; resolves once it listens. */
export async function startSmtpServer(ctx: EmulatorContext, opts: SmtpServerOptions): Promise<RunningSmtp> {
  const cert = await makeTestCertificate();
  const submission = new ExchangeSubmission(ctx, opts, cert);
  const server = submission.server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client that resets its connection is no failure of the emulator's.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    endpoint: { host: opts.host, port, url: `smtp://${shownHost}:${port}`, caPem: cert.cert },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
