import { describe, expect, it } from 'vitest';
import { hashPassword, verifyNothing, verifyPassword } from './password-hash.js';

describe('password hashing (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash with a fresh salt and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyNothing('anything')).toBe(false);
  });
  it('treats malformed stored values as no match', async () => {
    for (const bad of ['', 'bcrypt$x', 'scrypt$a$b$c$d$e', 'scrypt$32768$8$1$$']) expect(await verifyPassword('x', bad)).toBe(false);
  });
});
