import { describe, expect, it } from 'vitest';
import { drawRelayPassword } from './create-relay-credential.js';

describe('drawRelayPassword', () => {
  it('is 32 base64url characters that never start with "-" (a command-line tool would take it for an option)', () => {
    // Without the redraw, one in 64 would start with "-": among 2,000 some would, almost surely.
    const drawn = Array.from({ length: 2_000 }, drawRelayPassword);
    for (const p of drawn) expect(p).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{31}$/);
    expect(new Set(drawn).size).toBe(drawn.length);
  });
});
