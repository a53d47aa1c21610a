import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '@mailbridge/emulator';
import { graph, login, MAIL_SCOPES, token } from '../../emulator/src/testing/fixtures.js';
import { useSeededEmulator } from '../../emulator/src/testing/use-emulator.js';
import type { Problem } from '../../server/src/core/domain.js';
import type { FolderListing, FolderSyncCursor, MailFolder } from '../../server/src/core/mailbox/mail-folder.js';
import type { IncomingMailMessage, MailFlags } from '../../server/src/core/mailbox/mail-message.js';
import type { KnownMessage, MailboxCredentials, MailboxSink } from '../../server/src/core/mailbox/mailbox-reader.js';
import { Sensitive } from '../../server/src/core/sensitive.js';
import { httpFetch } from '../../server/src/platform/http-client.js';
import { MicrosoftEndpoints } from '../../server/src/providers/microsoft/clouds.js';
import { GraphReader } from '../../server/src/providers/microsoft/graph-reading/graph-reader.js';

/**
 * The Graph reader against the emulator's Graph mailbox, with an in-memory sink: first sync with
 * progress, polling (new mail, flag changes, removals), an expired delta link, the on-demand
 * calls, token refresh and throttling.
 */
const ADELE = 'adele@contoso.example';
const seeded = useSeededEmulator();
let em: Emulator;
let creds: MailboxCredentials & { refreshes: number };
let reader: GraphReader;
let controller: AbortController;
let running: Promise<void> | null;

/** A MailboxSink that keeps everything in memory and remembers what it was told. */
class MemorySink implements MailboxSink {
  byRemote = new Map<string, MailFolder>();
  messagesOf = new Map<string, Map<string, IncomingMailMessage>>();
  newMail: string[] = [];
  resets: string[] = [];
  progressCalls: Array<[number, number]> = [];
  passes = 0;
  problems: Problem[] = [];
  async folders(listings: readonly FolderListing[]): Promise<MailFolder[]> {
    for (const l of listings) {
      const old = this.byRemote.get(l.remoteId);
      const sync: FolderSyncCursor = old?.sync ?? { uidValidity: null, uidNext: null, highestModseq: null, deltaLink: null };
      this.byRemote.set(l.remoteId, { ...l, id: l.remoteId, accountId: 'acc', unread: 0, total: 0, sync, createdAt: new Date(), updatedAt: new Date() });
    }
    return listings.map((l) => this.byRemote.get(l.remoteId)!);
  }
  private box(folder: MailFolder) {
    if (!this.messagesOf.has(folder.remoteId)) this.messagesOf.set(folder.remoteId, new Map());
    return this.messagesOf.get(folder.remoteId)!;
  }
  async messages(folder: MailFolder, messages: readonly IncomingMailMessage[], opts: { newMail: boolean }) {
    for (const m of messages) {
      if (opts.newMail && !this.box(folder).has(m.remoteId)) this.newMail.push(m.subject);
      this.box(folder).set(m.remoteId, m);
    }
  }
  async flags(folder: MailFolder, changes: readonly KnownMessage[]) {
    for (const c of changes) Object.assign(this.box(folder).get(c.remoteId) ?? {}, c);
  }
  async removed(folder: MailFolder, remoteIds: readonly string[]) {
    for (const id of remoteIds) this.box(folder).delete(id);
  }
  async reset(folder: MailFolder) {
    this.resets.push(folder.name);
    this.box(folder).clear();
  }
  async cursor(folder: MailFolder, cursor: FolderSyncCursor) {
    const updated = { ...this.byRemote.get(folder.remoteId)!, sync: cursor };
    this.byRemote.set(folder.remoteId, updated);
    return updated;
  }
  async known(folder: MailFolder, limit?: number): Promise<KnownMessage[]> {
    return [...this.box(folder).values()].slice(0, limit).map(({ remoteId, unread, flagged }) => ({ remoteId, unread, flagged }));
  }
  async progress(done: number, total: number) {
    this.progressCalls.push([done, total]);
  }
  async synced() {
    this.passes++;
  }
  async reconnecting(problem: Problem | null) {
    if (problem) this.problems.push(problem);
  }
  folder(name: string): MailFolder {
    return [...this.byRemote.values()].find((f) => f.name === name || f.role === name)!;
  }
  subjects(name: string): string[] {
    return [...(this.messagesOf.get(this.folder(name).remoteId)?.values() ?? [])].map((m) => m.subject).sort();
  }
  message(name: string, subject: string): IncomingMailMessage | undefined {
    return [...(this.messagesOf.get(this.folder(name).remoteId)?.values() ?? [])].find((m) => m.subject === subject);
  }
}

async function until(what: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits for `n` more complete passes than now. */
const passes = async (sink: MemorySink, n = 1) => {
  const target = sink.passes + n;
  await until(() => sink.passes >= target);
};

const put = (subject: string, folder = 'inbox', extra: Record<string, unknown> = {}) =>
  em.putMessage(ADELE, { folder, message: { subject, body: { contentType: 'Text', content: `About ${subject}` }, from: { emailAddress: { address: 'megan@contoso.example', name: 'Megan Bowen' } }, toRecipients: [{ emailAddress: { address: ADELE } }], ...extra } });

function start(sink: MemorySink) {
  controller = new AbortController();
  running = reader.run(creds, sink, controller.signal);
}

beforeEach(async () => {
  em = seeded.em;
  const tokens = await login(em, seeded.s, ADELE, MAIL_SCOPES);
  let access = tokens.access_token;
  creds = {
    accountId: 'acc', user: ADELE, cloud: 'global', personal: false, refreshes: 0,
    async token(rejected?: Sensitive) {
      if (rejected) {
        creds.refreshes++;
        const res = await token(em, { grant_type: 'refresh_token', client_id: seeded.s.app.clientId, client_secret: seeded.s.secret.value, refresh_token: tokens.refresh_token });
        access = res.body.access_token as string;
      }
      return new Sensitive(access);
    },
  };
  reader = new GraphReader(new MicrosoftEndpoints({ graphUrl: em.url, authorityUrl: em.url }), httpFetch, { pollMs: 50, backoffMs: 100 });
  running = null;
});
afterEach(async () => {
  controller?.abort();
  await running;
});

describe('GraphReader.run', () => {
  it('syncs every folder with progress, then polls: new mail, read state, removals', async () => {
    for (const s of ['one', 'two', 'three']) put(s);
    const kept = put('kept', 'archive');
    const sink = new MemorySink();
    start(sink);
    await passes(sink);
    expect(sink.subjects('inbox')).toEqual(['one', 'three', 'two']);
    expect(sink.subjects('archive')).toEqual(['kept']);
    expect(sink.newMail).toEqual([]);
    expect(sink.progressCalls[0]).toEqual([0, 4]);
    expect(sink.progressCalls.at(-1)).toEqual([4, 4]);
    expect(sink.folder('inbox').sync.deltaLink).toMatch(/\$deltatoken=/);
    expect(sink.folder('inbox').name).toBe('Inbox');
    expect(['sent', 'drafts', 'trash', 'junk', 'archive'].every((r) => sink.folder(r))).toBe(true);
    const one = sink.message('inbox', 'one')!;
    expect(one).toMatchObject({ unread: true, flagged: false, from: { address: 'megan@contoso.example', name: 'Megan Bowen' }, snippet: 'About one' });
    expect(one.threadKey).toMatch(/^c:/);
    // Immutable ids: what the sink holds is what Graph calls the message with Prefer: IdType="ImmutableId".
    const immutable = em.messages(ADELE, 'inbox').find((m) => m.message.subject === 'one')!.immutableId;
    expect(one.remoteId).toBe(immutable);

    const progressBefore = sink.progressCalls.length;
    put('four');
    await until(() => sink.subjects('inbox').includes('four'));
    expect(sink.newMail).toEqual(['four']);
    expect(sink.progressCalls.length).toBe(progressBefore); // no progress after the first sync

    const at = (await creds.token()).reveal();
    expect((await graph(em, `/me/messages/${one.remoteId}`, at, { method: 'PATCH', json: { isRead: true, flag: { flagStatus: 'flagged' } } })).status).toBe(200);
    await until(() => sink.message('inbox', 'one')?.unread === false);
    expect(sink.message('inbox', 'one')?.flagged).toBe(true);

    expect((await graph(em, `/me/messages/${kept.id}`, at, { method: 'DELETE' })).status).toBe(204);
    await until(() => sink.subjects('archive').length === 0);
    expect(sink.newMail).toEqual(['four']);
  });

  it('starts a folder over after SyncStateNotFound, without calling its messages new', async () => {
    put('old');
    const sink = new MemorySink();
    start(sink);
    await passes(sink);
    em.invalidateDeltaTokens(ADELE);
    put('arrived meanwhile');
    await passes(sink, 2);
    expect(sink.resets).toContain('Inbox');
    expect(sink.subjects('inbox')).toEqual(['arrived meanwhile', 'old']);
    expect(sink.newMail).toEqual([]);
    expect(sink.problems).toEqual([]);
  });

  it('waits out throttling inside a pass, and reconnects after a dropped connection', async () => {
    put('x');
    em.injectFault({ endpoint: 'delta', graphError: 'TooManyRequests', retryAfter: null, times: 2 });
    const sink = new MemorySink();
    start(sink);
    await passes(sink);
    expect(sink.subjects('inbox')).toEqual(['x']);
    expect(em.requests({ endpoint: 'delta' }).filter((r) => r.status === 429)).toHaveLength(2);
    expect(sink.problems).toEqual([]);
    em.injectFault({ endpoint: 'delta', drop: 'before' });
    put('y');
    await until(() => sink.subjects('inbox').includes('y'));
    expect(sink.problems.map((p) => p.diagnosis)).toEqual(['microsoft_unavailable']);
  });

  it('stops with read_permission_missing when the grant cannot read mail', async () => {
    // Megan, who never granted more (Adele's consent in beforeEach covers Mail.ReadWrite).
    const tokens = await login(em, seeded.s, 'megan@contoso.example', 'openid offline_access Mail.Send User.Read');
    const sendOnly = { ...creds, user: 'megan@contoso.example', token: async () => new Sensitive(tokens.access_token) };
    controller = new AbortController();
    running = reader.run(sendOnly, new MemorySink(), controller.signal);
    await expect(running).rejects.toMatchObject({ code: 'provider_rejected', diagnosis: 'read_permission_missing' });
    running = null;
  });
});

describe('GraphReader on demand', () => {
  const folder = () => ({ remoteId: 'inbox' }) as MailFolder;

  it('fetches MIME, sets flags and moves, by immutable id', async () => {
    const m = put('mime me');
    const mime = (await reader.fetchMime(creds, folder(), m.immutableId)).toString();
    expect(mime).toMatch(/^Subject: mime me\r?$/m);
    expect(mime).toContain(`Message-ID: ${m.internetMessageId}`);
    const stored = () => em.messages(ADELE, 'inbox').find((x) => x.immutableId === m.immutableId)?.message;
    expect(stored()?.isRead).toBeUndefined(); // reading MIME leaves it unread

    await reader.setFlags(creds, folder(), m.immutableId, { unread: false, flagged: true } satisfies MailFlags);
    expect(stored()).toMatchObject({ isRead: true, flag: { flagStatus: 'flagged' } });
    await reader.setFlags(creds, folder(), m.immutableId, { flagged: false });
    expect(stored()).toMatchObject({ isRead: true, flag: { flagStatus: 'notFlagged' } });

    const archive = em.mailFolders(ADELE).find((f) => f.displayName === 'Archive')!;
    const moved = await reader.move(creds, folder(), m.immutableId, { remoteId: archive.id } as MailFolder);
    expect(moved).toBe(m.immutableId);
    expect(em.messages(ADELE, 'archive').map((x) => x.immutableId)).toEqual([m.immutableId]);
    await expect(reader.fetchMime(creds, folder(), 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0Anothere')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refreshes a rejected token once and retries', async () => {
    const m = put('after refresh');
    em.expireAccessTokens(ADELE);
    expect((await reader.fetchMime(creds, folder(), m.immutableId)).toString()).toContain('after refresh');
    expect(creds.refreshes).toBe(1);
  });

  it('waits out 429 with Retry-After, and without it backs off by itself', async () => {
    const m = put('throttled');
    em.injectFault({ endpoint: 'messageValue', graphError: 'TooManyRequests', retryAfter: '0.3' });
    let t = Date.now();
    expect((await reader.fetchMime(creds, folder(), m.immutableId)).toString()).toContain('throttled');
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    em.injectFault({ endpoint: 'messageValue', graphError: 'TooManyRequests', retryAfter: null });
    t = Date.now();
    expect((await reader.fetchMime(creds, folder(), m.immutableId)).toString()).toContain('throttled');
    expect(Date.now() - t).toBeGreaterThanOrEqual(45);
    expect(em.requests({ endpoint: 'messageValue' }).map((r) => r.status)).toEqual([429, 200, 429, 200]);
    // Longer than a person should wait: the error goes up at once.
    em.injectFault({ endpoint: 'messageValue', graphError: 'TooManyRequests', retryAfter: 120 });
    await expect(reader.fetchMime(creds, folder(), m.immutableId)).rejects.toMatchObject({ code: 'throttled', retryAfter: 120 });
  });
});
