import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSend } from '../../server/src/core/outbox/prepare-send.js';
import { queueMessage } from '../../server/src/core/outbox/queue-message.js';
import type { OutgoingMessage } from '../../server/src/core/ports.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Replies and forwards through Graph: the outbox starts them from a createReply/createReplyAll/
 * createForward draft of the original, the only way Graph gives a message In-Reply-To and
 * References, and keeps its exactly-once bookkeeping (the draft carries Mailbridge's Message-ID).
 */
describe('replies through Graph drafts', () => {
  let s: Stack;
  let id: string;
  const ALICE = 'alice@contoso.example';
  const BOB = 'bob@contoso.example';

  beforeAll(async () => {
    s = await startStack();
    id = await s.linkedAccount(ALICE, [BOB]);
  });
  afterAll(() => s?.close());

  /** A message from Bob in Alice's inbox, itself a reply to an earlier one. */
  const original = (n: number) =>
    s.emulator.putMessage(ALICE, {
      mime: `From: Bob <${BOB}>\r\nTo: ${ALICE}\r\nSubject: Plan ${n}\r\nMessage-ID: <orig-${n}@contoso.example>\r\n` +
        `In-Reply-To: <root-${n}@contoso.example>\r\nReferences: <root-${n}@contoso.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nShall we meet?\r\n`,
    });

  /** Queues a reply as the mailbox API's reply use case composes it, and waits for the outbox. */
  async function reply(n: number, respondsTo: NonNullable<OutgoingMessage['respondsTo']>) {
    const account = (await s.mb.store.accounts.get(id))!;
    const actor = { userId: account.userId!, role: 'admin' as const };
    const { message } = await queueMessage(s.mb.deps, actor, await prepareSend(s.mb.deps, actor, id), {
      input: {
        to: [{ address: BOB }],
        subject: `Re: Plan ${n}`,
        text: `Yes, at ten.\n\nOn Monday, Bob wrote:\n> Shall we meet?\n`,
        headers: { 'In-Reply-To': `<orig-${n}@contoso.example>`, References: `<root-${n}@contoso.example> <orig-${n}@contoso.example>`, 'X-Mailbridge-Test-Marker': `reply-${n}` },
      },
      files: [],
      respondsTo,
    });
    return { queued: message, settled: await s.waitForMessage(message.id, { until: (m) => ['accepted', 'failed'].includes(m.status) }) };
  }

  const bobsCopy = (n: number) => s.emulator.messages(BOB, 'inbox').find((m) => m.message.subject === `Re: Plan ${n}`);

  it('sends a reply from a createReply draft: Re: subject, In-Reply-To and References of the original, our Message-ID', async () => {
    const o = original(1);
    const { queued, settled } = await reply(1, { kind: 'reply', remoteId: o.immutableId });
    expect(settled).toMatchObject({ status: 'accepted', guarantee: 'exactly_once' });
    expect(s.emulator.requests({ endpoint: 'createReply' })).toHaveLength(1);
    expect(s.emulator.accepted({ marker: 'reply-1' })).toEqual([expect.objectContaining({ via: 'draft', internetMessageId: queued.internetMessageId })]);
    const copy = bobsCopy(1)!;
    expect(copy).toMatchObject({ inReplyTo: '<orig-1@contoso.example>', internetMessageId: queued.internetMessageId });
    expect(copy.references).toBe('<root-1@contoso.example> <orig-1@contoso.example>');
    // Mailbridge's body (already quoting the original), not Graph's quote block as well.
    expect(copy.message.body).toEqual({ contentType: 'Text', content: expect.stringContaining('Yes, at ten.') });
    expect(JSON.stringify(copy.message.body)).not.toContain('divRplyFwdMsg');
    expect(s.emulator.messages(ALICE, 'drafts')).toEqual([]);
  });

  it('after a createReply whose answer was lost, finds the draft by its Message-ID and sends it once', async () => {
    const o = original(2);
    s.emulator.injectFault({ endpoint: 'createReplyAll', drop: 'after' });
    const { queued, settled } = await reply(2, { kind: 'replyAll', remoteId: o.immutableId });
    expect(settled).toMatchObject({ status: 'accepted' });
    expect(settled.attempts).toBeGreaterThan(1);
    expect(s.emulator.accepted({ marker: 'reply-2' })).toEqual([expect.objectContaining({ via: 'draft', internetMessageId: queued.internetMessageId })]);
    expect(bobsCopy(2)?.inReplyTo).toBe('<orig-2@contoso.example>');
    expect(s.emulator.messages(ALICE, 'drafts')).toEqual([]);
  });

  it('sends a reply to an original deleted meanwhile as a new message, without In-Reply-To', async () => {
    const o = original(3);
    const tokens = (await s.mb.store.tokens.get(id))!;
    await fetch(`${s.emulator.url}/v1.0/me/messages/${o.immutableId}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.accessToken.reveal()}` } });
    const { settled } = await reply(3, { kind: 'reply', remoteId: o.immutableId });
    expect(settled).toMatchObject({ status: 'accepted' });
    expect(bobsCopy(3)?.inReplyTo).toBeUndefined();
    expect(s.emulator.messages(ALICE, 'drafts')).toEqual([]);
  });
});
