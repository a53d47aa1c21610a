import type { Store } from '../ports.js';

/** The sandbox is active while the organisation app points at it (cloud `sandbox`). */
export async function isSandboxActive(store: Pick<Store, 'apps'>): Promise<boolean> {
  return (await store.apps.getOrganizationApp())?.cloud === 'sandbox';
}
