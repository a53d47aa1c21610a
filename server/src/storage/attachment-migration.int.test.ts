import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';
import { backends, postgresReachable } from './testing/store-backends.js';
import { atMigration, useDatabase } from './testing/use-database.js';

const hasPostgres = await postgresReachable();

/** Messages queued before migration 0011 carried their files' bytes in the payload: they still deliver. */
describe.each(backends(hasPostgres))('attachments migration on $name', (backend) => {
  const db = useDatabase(backend);
  const test = it.skipIf(!backend.available);

  test('an old message’s inline attachment reads back as bytes, with its size and hash; the new columns are empty', async () => {
    const vault = new Vault([randomBytes(32)]);
    const bytes = randomBytes(1000);
    await atMigration(db.url, '0010-webhooks', async (old) => {
      const payload = {
        kind: 'message',
        message: {
          to: [{ address: 'bob@contoso.test' }], cc: [], bcc: [], replyTo: [], subject: 'Old', text: 'queued before 0011',
          attachments: [
            { filename: 'a.bin', contentType: 'application/octet-stream', contentBase64: bytes.toString('base64'), inline: false },
            { filename: 'logo.png', contentType: 'image/png', contentBase64: '', inline: true, contentId: 'logo' },
          ],
          headers: {},
        },
      };
      const t = '2030-01-01T00:00:00.000Z';
      await old.insertInto('outbox').values({
        id: 'msg-old', account_id: 'acc', user_id: 'usr', status: 'queued', payload: vault.encrypt(JSON.stringify(payload), 'outbox:msg-old:payload'),
        recipient_count: 1, internet_message_id: '<old@contoso.test>', attempts: 0, due_at: t, next_attempt_at: t, created_at: t, updated_at: t, held: 0,
      }).execute();
    });
    const store = await createStore({ databaseUrl: db.url, vault });
    try {
      const m = await store.outbox.get('msg-old');
      expect(m?.upload).toBeNull();
      if (m?.content?.kind !== 'message') throw new Error('expected a message');
      const [a, logo] = m.content.message.attachments;
      expect(a).toEqual({ filename: 'a.bin', contentType: 'application/octet-stream', inline: false, fileId: '', size: 1000, sha256: createHash('sha256').update(bytes).digest('hex'), content: bytes });
      expect(logo).toEqual({ filename: 'logo.png', contentType: 'image/png', inline: true, contentId: 'logo', fileId: '', size: 0, sha256: createHash('sha256').digest('hex'), content: Buffer.alloc(0) });
      // Written back (a patch of its content), the old form is kept: its bytes live nowhere else.
      expect(await store.outbox.update('msg-old', { content: m.content })).toBe(true);
      expect(await store.outbox.get('msg-old')).toEqual(m);
    } finally {
      await store.close();
    }
  });
});
