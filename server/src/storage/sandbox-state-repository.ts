import type { Kysely } from 'kysely';
import type { SandboxStateRepository } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Vault } from '../platform/vault.js';
import { toIso } from './column-codecs.js';
import type { Database } from './schema.js';

const ID = 'sandbox';
/** AAD binds the envelope to its row and column, as for every other secret. */
const CONTEXT = `sandbox_state:${ID}:state`;

/** The sandbox's snapshot: it holds client secrets and tokens, so only its envelope is stored. */
export function sandboxStateRepository(db: Kysely<Database>, vault: Vault): SandboxStateRepository {
  return {
    async load() {
      const row = await db.selectFrom('sandbox_state').select('state').where('id', '=', ID).executeTakeFirst();
      return row ? new Sensitive(vault.decrypt(row.state, CONTEXT)) : null;
    },
    async save(state, at) {
      const values = { state: vault.encrypt(state.reveal(), CONTEXT), updated_at: toIso(at) };
      await db
        .insertInto('sandbox_state')
        .values({ id: ID, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
  };
}
