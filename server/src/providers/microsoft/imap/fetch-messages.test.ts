import type { FetchMessageObject, FetchQueryObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { fetchMessages } from './fetch-messages.js';
import type { ImapLink } from './imap-link.js';

/** A server of messages by UID: `full` ones answer the whole query, `reducedOnly` ones only the reduced one (imapflow dropped their full answer), `refused` ones make any FETCH naming them fail with NO. */
function fakeLink(o: { full?: number[]; reducedOnly?: number[]; refused?: number[]; unsolicited?: number[] }) {
  const calls: Array<{ uids: string; reduced: boolean }> = [];
  const expand = (set: string) => set.split(',').flatMap((p) => {
    const [a, b] = p.split(':').map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
  const link = {
    async fetch(uids: string, query: FetchQueryObject): Promise<FetchMessageObject[]> {
      const reduced = !query.bodyStructure;
      calls.push({ uids, reduced });
      const asked = expand(uids);
      if (asked.some((u) => o.refused?.includes(u))) throw Object.assign(new Error('Command failed'), { responseStatus: 'NO' });
      const answers: FetchMessageObject[] = [];
      // A flag change reported during the command: no envelope.
      for (const u of o.unsolicited ?? []) if (asked.includes(u)) answers.push({ seq: u, uid: u, flags: new Set(['\\Seen']) });
      for (const u of asked) {
        const gives = o.full?.includes(u) || (reduced && o.reducedOnly?.includes(u));
        if (gives) answers.push({ seq: u, uid: u, envelope: { subject: `m${u}` }, flags: new Set(), ...(reduced ? {} : { bodyStructure: { type: 'text/plain' } }) });
      }
      return answers;
    },
  };
  return { link: link as unknown as ImapLink, calls };
}

const subjects = (ms: Array<{ subject: string }>) => ms.map((m) => m.subject);

describe('fetchMessages', () => {
  it('one FETCH when every message is answered, in UID order', async () => {
    const { link, calls } = fakeLink({ full: [3, 1, 2] });
    expect(subjects(await fetchMessages(link, [3, 2, 1]))).toEqual(['m1', 'm2', 'm3']);
    expect(calls).toEqual([{ uids: '1:3', reduced: false }]);
  });

  it('a message whose full answer was dropped is asked for again without structure and body, and kept', async () => {
    const { link, calls } = fakeLink({ full: [1, 3], reducedOnly: [2] });
    expect(subjects(await fetchMessages(link, [1, 2, 3]))).toEqual(['m1', 'm2', 'm3']);
    expect(calls).toEqual([{ uids: '1:3', reduced: false }, { uids: '2', reduced: true }]);
  });

  it('an unsolicited FETCH (flags only) does not hide a missing message, nor replace an answered one', async () => {
    const { link } = fakeLink({ full: [1], reducedOnly: [2], unsolicited: [1, 2] });
    const got = await fetchMessages(link, [1, 2]);
    expect(subjects(got)).toEqual(['m1', 'm2']);
  });

  it('an expunged message is left out, after one reduced FETCH', async () => {
    const { link, calls } = fakeLink({ full: [1, 3] });
    expect(subjects(await fetchMessages(link, [1, 2, 3]))).toEqual(['m1', 'm3']);
    expect(calls.length).toBe(2);
  });

  it('a batch refused over one message is halved down to it; the rest is kept, that one left out', async () => {
    const { link } = fakeLink({ full: [1, 2, 3, 4], refused: [3] });
    expect(subjects(await fetchMessages(link, [1, 2, 3, 4]))).toEqual(['m1', 'm2', 'm4']);
  });

  it('a refusal of the full FETCH alone (the reduced one answered) keeps the message without a snippet', async () => {
    let first = true;
    const { link: inner } = fakeLink({ full: [7] });
    const link = {
      fetch: (uids: string, q: FetchQueryObject) => {
        if (first && q.bodyStructure) {
          first = false;
          return Promise.reject(Object.assign(new Error('Command failed'), { responseStatus: 'NO' }));
        }
        return inner.fetch(uids, q);
      },
    } as unknown as ImapLink;
    const [m] = await fetchMessages(link, [7]);
    expect(m).toMatchObject({ subject: 'm7', snippet: '' });
  });

  it('a failure that is not a refusal (the connection) is thrown', async () => {
    const link = { fetch: () => Promise.reject(new Error('Connection closed')) } as unknown as ImapLink;
    await expect(fetchMessages(link, [1])).rejects.toThrow('Connection closed');
  });
});
