import type { SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import { addressKey } from '@mailbridge/contract';
import type { Deps } from '../core/deps.js';
import type { MailAccount } from '../core/domain.js';
import { newMessageId } from '../core/outbox/new-message-id.js';
import { checkRelaySender } from '../core/relay/check-relay-sender.js';
import { queueRelayedMessage } from '../core/relay/queue-relayed-message.js';
import { signInRelayClient } from '../core/relay/sign-in-relay-client.js';
import type { Logger } from '../platform/logger.js';
import { applyEnvelope } from './apply-envelope.js';
import { readMessage, type DataBudget } from './read-message.js';
import { RELAY_REPLIES, replyForError, type Reply } from './relay-replies.js';

/** Who a connection signed in as (smtp-server keeps it as `session.user`). */
interface RelayUser {
  credentialId: string;
  username: string;
  account: MailAccount;
}

type Handlers = Required<Pick<SMTPServerOptions, 'onAuth' | 'onMailFrom' | 'onRcptTo' | 'onData'>>;

/** An error smtp-server answers with: its code, and our text (which carries the enhanced code). */
const refusal = (r: Reply): Error & { responseCode: number } => Object.assign(new Error(r.text), { responseCode: r.code });

/**
 * The relay's SMTP transaction, on top of the core use cases: AUTH signs in with a relay
 * credential (core/relay/sign-in-relay-client.ts), MAIL FROM must be the account's to send from,
 * and DATA becomes one outbox message, answered 250 only once committed
 * (core/relay/queue-relayed-message.ts). Every refusal comes from relay-replies.ts.
 */
export function relayHandlers(deps: Deps, o: { maxSizeBytes: number; budget: DataBudget; log: Logger }): Handlers {
  const user = (session: SMTPServerSession): RelayUser => session.user as RelayUser;
  return {
    onAuth(auth, session, callback) {
      // Logged only in the form this server issues: a client that swapped username and password
      // would otherwise write its password in the log.
      const username = ISSUED_USERNAME.test(auth.username ?? '') ? auth.username : '(other)';
      signInRelayClient(deps, { username: auth.username ?? '', password: auth.password ?? '', remoteAddress: session.remoteAddress }).then(
        (r) => {
          if (r.ok) {
            o.log.info({ relay: 'auth', username, credentialId: r.credential.id, remoteAddress: session.remoteAddress }, 'relay client signed in');
            const signedIn: RelayUser = { credentialId: r.credential.id, username: r.credential.username, account: r.account };
            return callback(null, { user: signedIn });
          }
          o.log.warn({ relay: 'auth', username, remoteAddress: session.remoteAddress, reason: r.reason }, 'relay sign-in refused');
          const reply = r.reason === 'too_many_failures' ? RELAY_REPLIES.tooManyFailures : r.reason === 'network' ? RELAY_REPLIES.networkNotAllowed(session.remoteAddress) : RELAY_REPLIES.authInvalid;
          callback(refusal(reply));
        },
        (e: unknown) => {
          o.log.error({ err: e, relay: 'auth', username, remoteAddress: session.remoteAddress }, 'relay sign-in failed');
          callback(refusal(RELAY_REPLIES.authUnavailable));
        },
      );
    },

    onMailFrom(address, session, callback) {
      // smtp-server answers 530 itself to MAIL before AUTH (authOptional is off).
      if (address.address === '') return callback();
      try {
        checkRelaySender(user(session).account, address.address, 'MAIL FROM');
        callback();
      } catch (e) {
        const reply = replyForError(e);
        // Logged as a refused DATA is: the admin looking for why a device's mail never came finds both.
        o.log.info({ relay: 'mail', credentialId: user(session).credentialId, code: reply.code, reason: reply.text }, 'relayed message refused');
        callback(refusal(reply));
      }
    },

    // Any recipient (smtp-server enforces MAX_RECIPIENTS), answered at once: smtp-server's own
    // default answers in a later turn of the event loop, which split the replies to a pipelined
    // MAIL FROM, RCPT TO and DATA over two writes (relay-connection.ts groupReplies).
    onRcptTo(_address, _session, callback) {
      callback();
    },

    onData(stream, session, callback) {
      const held = { bytes: 0 };
      void (async () => {
        const read = await readMessage(stream, o.maxSizeBytes, o.budget, held);
        if (!read.ok) {
          if (read.reason === 'no_storage') o.log.warn({ relay: 'data', credentialId: user(session).credentialId, budgetBytes: o.budget.limitBytes }, 'relay DATA budget exhausted: message refused with 452');
          return callback(refusal(read.reason === 'too_large' ? RELAY_REPLIES.tooLarge(o.maxSizeBytes) : RELAY_REPLIES.noStorage));
        }
        const mime = read.chunks;
        const u = user(session);
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const to = unique(session.envelope.rcptTo.map((r) => r.address));
        const applied = applyEnvelope(mime, to, () => newMessageId(u.account.linkedAddress ?? u.account.email));
        const message = await queueRelayedMessage(deps, {
          credential: { id: u.credentialId, username: u.username },
          envelope: { from, to },
          mime: applied.mime,
          facts: { headerFrom: applied.headerFrom, headerSender: applied.headerSender, messageId: applied.messageId, removedRecipients: applied.removedRecipients },
        });
        o.log.info({ relay: 'queued', messageId: message.id, credentialId: u.credentialId, recipients: to.length, bytes: applied.mime.length, removed: applied.removedRecipients.length }, 'relayed message queued');
        callback(null, RELAY_REPLIES.queued(message.id).text);
      })().catch((e: unknown) => {
        const reply = replyForError(e);
        if (reply.unexpected) o.log.error({ err: e, relay: 'data', credentialId: user(session).credentialId }, 'relayed message not queued');
        else o.log.info({ relay: 'data', credentialId: user(session).credentialId, code: reply.code, reason: reply.text }, 'relayed message refused');
        // The stream may still have data: read it to its end so the reply follows DATA's end.
        stream.resume();
        callback(refusal(reply));
      }).finally(() => {
        o.budget.give(held.bytes);
        held.bytes = 0;
      });
    },
  };
}

/** The usernames this server issues (create-relay-credential.ts): `relay-` and six characters. */
const ISSUED_USERNAME = /^relay-[0-9a-z]{6}$/;

/** Each recipient once (compared as Microsoft does), in the order given. */
function unique(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((a) => !seen.has(addressKey(a)) && seen.add(addressKey(a)));
}

