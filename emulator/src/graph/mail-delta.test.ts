import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { graph, login, MAIL_SCOPES } from '../testing/fixtures.js';
import { useSeededEmulator } from '../testing/use-emulator.js';

let em: Emulator;
let at: string;
const seeded = useSeededEmulator();
const ADELE = 'adele@contoso.example';
beforeEach(async () => {
  ({ em } = seeded);
  at = (await login(em, seeded.s, ADELE, MAIL_SCOPES)).access_token;
});

const message = (subject: string) => ({ subject, body: { contentType: 'Text', content: subject }, from: { emailAddress: { address: 'megan@contoso.example' } } });
const PAGE = { prefer: 'odata.maxpagesize=2' };
type Page = { json?: Record<string, any>; status: number };
/** Follows a delta link (absolute) with the same headers. */
const follow = (link: string, headers: Record<string, string> = PAGE) => {
  const url = new URL(link);
  return graph(em, `${url.pathname.replace('/v1.0', '')}${url.search}`, at, { headers });
};
/** A whole round from `start`: every page's items, and the deltaLink it ends with. */
async function round(start: Promise<Page>): Promise<{ items: Array<Record<string, any>>; pages: number; deltaLink: string }> {
  const items: Array<Record<string, any>> = [];
  let page = await start;
  for (let pages = 1; ; pages++) {
    expect(page.status).toBe(200);
    items.push(...(page.json?.value ?? []));
    if (page.json?.['@odata.deltaLink']) return { items, pages, deltaLink: page.json['@odata.deltaLink'] };
    page = await follow(page.json?.['@odata.nextLink']);
  }
}

describe('message delta', () => {
  it('pages a first round, then gives only changes: new, updated, moved out', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'].map((x, i) => em.putMessage(ADELE, { message: message(x), receivedDateTime: `2024-01-0${i + 1}T00:00:00Z` }));
    const first = await round(graph(em, '/me/mailFolders/inbox/messages/delta?$select=subject,isRead', at, { headers: PAGE }));
    expect(first.pages).toBe(3);
    expect(first.items.map((m) => m.subject)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(first.items[0]).toEqual(expect.objectContaining({ '@odata.type': '#microsoft.graph.message', id: ids[4]?.id, isRead: false }));
    expect(first.items[0]).not.toHaveProperty('body');
    expect(first.deltaLink).toMatch(/\/v1\.0\/me\/mailFolders\('inbox'\)\/messages\/delta\?\$deltatoken=/);

    expect((await round(follow(first.deltaLink))).items).toEqual([]);
    await graph(em, `/me/messages/${ids[0]?.id}`, at, { method: 'PATCH', json: { flag: { flagStatus: 'flagged' } } });
    await graph(em, `/me/messages/${ids[1]?.id}/move`, at, { json: { destinationId: 'archive' } });
    await graph(em, `/me/messages/${ids[2]?.id}`, at, { method: 'DELETE' });
    const added = em.putMessage(ADELE, { message: message('f') });
    const second = await round(follow(first.deltaLink));
    expect(second.items).toHaveLength(4);
    expect(second.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: added.id, subject: 'f' }),
      expect.objectContaining({ id: ids[0]?.id, subject: 'a' }),
      { '@odata.type': '#microsoft.graph.message', id: ids[1]?.id, '@removed': { reason: 'deleted' } },
      { '@odata.type': '#microsoft.graph.message', id: ids[2]?.id, '@removed': { reason: 'deleted' } },
    ]));
    // The round's $select rides in the token.
    expect(second.items.find((m) => m.subject === 'f')).not.toHaveProperty('body');
    // The archive's delta sees the moved message arrive.
    const archive = await round(graph(em, '/me/mailFolders/archive/messages/delta', at));
    expect(archive.items.map((m) => m.subject)).toEqual(['b']);
  });

  it('keeps immutable ids across a move in its rounds and filters by changeType', async () => {
    const IMM = { prefer: 'IdType="ImmutableId", odata.maxpagesize=10' };
    const put = em.putMessage(ADELE, { message: message('x') });
    const created = await round(graph(em, '/me/mailFolders/inbox/messages/delta?changeType=created', at, { headers: IMM }));
    expect(created.items.map((m) => m.id)).toEqual([put.immutableId]);
    await graph(em, `/me/messages/${put.id}`, at, { method: 'PATCH', json: { isRead: true } });
    const fresh = em.putMessage(ADELE, { message: message('y') });
    expect((await round(follow(created.deltaLink, IMM))).items.map((m) => m.id)).toEqual([fresh.immutableId]);
  });

  it('answers 410 SyncStateNotFound to unknown and invalidated tokens, and to an injected fault', async () => {
    em.putMessage(ADELE, { message: message('x') });
    const first = await round(graph(em, '/me/mailFolders/inbox/messages/delta', at));
    const bogus = await graph(em, '/me/mailFolders/inbox/messages/delta?$deltatoken=nope', at);
    expect(bogus.status).toBe(410);
    expect(bogus.json?.error).toMatchObject({ code: 'SyncStateNotFound', message: 'The sync state generation is not found.' });
    // A token of another folder is no token of this one.
    const token = new URL(first.deltaLink).searchParams.get('$deltatoken') ?? '';
    expect((await graph(em, `/me/mailFolders/drafts/messages/delta?$deltatoken=${token}`, at)).status).toBe(410);
    em.invalidateDeltaTokens(ADELE);
    expect((await follow(first.deltaLink)).json?.error.code).toBe('SyncStateNotFound');
    em.injectFault({ endpoint: 'delta', graphError: 'resyncRequired' });
    const faulted = await graph(em, '/me/mailFolders/inbox/messages/delta', at);
    expect(faulted.status).toBe(410);
    expect(faulted.json?.error.code).toBe('resyncRequired');
    expect((await round(graph(em, '/me/mailFolders/inbox/messages/delta', at))).items).toHaveLength(1);
  });
});
