import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/platform/logger.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { plainMime, readerEmulator, readerFor, running } from '../support/imap-reader-fixtures.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

// The IMAP reader's connection (issue 11): a silent drop (the proxy stops forwarding, nothing is
// closed) is found within the liveness time, and a Dovecot restart is survived; either way the
// mail that arrived meanwhile comes in once each, as new mail.

const LIVENESS_MS = 2_000;

let env: Awaited<ReturnType<typeof readerEmulator>>;
let dovecot: Dovecot;
beforeAll(async () => {
  env = await readerEmulator();
  dovecot = await startDovecot({ emulatorUrl: env.em.url, exchangeCapabilities: true });
});
afterAll(async () => {
  await dovecot?.stop();
  await env?.em.close();
});

const newMailIds = (r: ReturnType<typeof running>) => r.sink.callsOf('messages').filter((c) => c.newMail).flatMap((c) => c.remoteIds);

describe('the IMAP reader\'s connection', () => {
  it('finds a silent drop within the liveness time, reconnects and misses nothing, logging no token', async () => {
    const user = await env.user();
    await dovecot.deliver(user.email, plainMime({ id: '<before@fabrikam.example>', subject: 'Before' }));
    const proxy = await startTcpProxy('127.0.0.1', dovecot.port);
    const lines: string[] = [];
    const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });
    const reader = readerFor(proxy.port, { idleMs: 5_000, livenessMs: LIVENESS_MS, random: () => 0.5, logger });
    const r = running(reader, user);
    try {
      await r.sink.waitFor(() => r.sink.callsOf('synced').length > 0, 10_000, 'the first pass');
      const dropped = Date.now();
      proxy.drop();
      for (let i = 1; i <= 3; i++) await dovecot.deliver(user.email, plainMime({ id: `<during-${i}@fabrikam.example>`, subject: `During ${i}` }));
      await r.sink.waitFor(() => r.sink.callsOf('reconnecting').length > 0, LIVENESS_MS + 1_000, 'the reconnecting call');
      expect(r.sink.callsOf('reconnecting')[0]!.at - dropped).toBeLessThanOrEqual(LIVENESS_MS + 250);
      expect(r.sink.callsOf('reconnecting')[0]!.problem).toBeNull();
      proxy.resume();
      await r.sink.waitFor(() => r.sink.list('INBOX').length === 4, 8_000, 'the messages that came during the drop');
      expect(r.sink.list('INBOX').map((m) => m.subject)).toEqual(['Before', 'During 1', 'During 2', 'During 3']);
      const ids = newMailIds(r);
      expect(ids.sort()).toEqual(r.sink.list('INBOX').slice(1).map((m) => m.remoteId).sort());
      // And it follows new mail again.
      await dovecot.deliver(user.email, plainMime({ id: '<after@fabrikam.example>', subject: 'After' }));
      await r.sink.waitFor(() => r.sink.bySubject('INBOX', 'After') !== undefined, 3_000, 'mail after the reconnection');
      expect(newMailIds(r)).toHaveLength(4);
    } finally {
      await r.stop();
      await proxy.close();
    }
    expect(r.failure()).toBeUndefined();
    expect(lines.join('')).toContain('reconnecting');
    expect(lines.join('')).not.toContain(user.token);
  });

  it('survives a Dovecot restart during IDLE and gets what arrived while it was down, once each', async () => {
    const user = await env.user();
    const reader = readerFor(dovecot.port, { idleMs: 5_000, livenessMs: LIVENESS_MS, random: () => 0.5 });
    const r = running(reader, user);
    try {
      await r.sink.waitFor(() => r.sink.callsOf('synced').length > 0, 10_000, 'the first pass');
      await dovecot.restart(async () => {
        for (let i = 1; i <= 5; i++) await dovecot.deliver(user.email, plainMime({ id: `<down-${i}@fabrikam.example>`, subject: `Down ${i}` }));
      });
      await r.sink.waitFor(() => r.sink.list('INBOX').length === 5, 10_000, 'the messages from while it was down');
      expect(r.sink.callsOf('reconnecting').length).toBeGreaterThan(0);
      expect(newMailIds(r).sort()).toEqual(r.sink.list('INBOX').map((m) => m.remoteId).sort());
    } finally {
      await r.stop();
    }
    expect(r.failure()).toBeUndefined();
  });
});
