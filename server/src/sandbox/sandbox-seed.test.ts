import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Guid } from '@mailbridge/contract';
import { sandboxIds } from './sandbox-seed.js';

describe('sandboxIds', () => {
  it('is stable for one master key and different for another', () => {
    const key = randomBytes(32);
    expect(sandboxIds(Buffer.from(key))).toEqual(sandboxIds(key));
    const other = sandboxIds(randomBytes(32));
    expect(other.clientId).not.toBe(sandboxIds(key).clientId);
    expect(other.clientSecret).not.toBe(sandboxIds(key).clientSecret);
  });

  it('looks like what the Azure portal hands out: GUIDs and a ~40-character secret Value', () => {
    const ids = sandboxIds(randomBytes(32));
    expect(Guid.safeParse(ids.clientId).success).toBe(true);
    expect(Guid.safeParse(ids.tenantId).success).toBe(true);
    expect(ids.tenantId).not.toBe(ids.clientId);
    expect(ids.clientSecret).toMatch(/^[A-Za-z0-9]{3}8Q~[A-Za-z0-9]{34}$/);
  });
});
