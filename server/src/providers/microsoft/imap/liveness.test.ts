import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { imapClientOptions } from './imap-sign-in.js';
import { Liveness } from './liveness.js';
import { Sensitive } from '../../../core/sensitive.js';

describe('Liveness', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives up on an operation after the limit without a byte, not while bytes come', async () => {
    let bytes = 0;
    const dead = vi.fn();
    const live = new Liveness(() => bytes, 1_000, dead, () => Date.now());
    let finish!: () => void;
    const op = live.guard(() => new Promise<void>((resolve) => (finish = resolve)));
    for (let i = 0; i < 10; i++) {
      bytes += 10;
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(dead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_200);
    expect(dead).toHaveBeenCalledTimes(1);
    finish();
    await op;
  });

  it('a check that comes late (the event loop was busy) starts the count again instead of giving up', async () => {
    let clock = 0;
    const dead = vi.fn();
    const live = new Liveness(() => 0, 1_000, dead, () => clock);
    let finish!: () => void;
    const op = live.guard(() => new Promise<void>((resolve) => (finish = resolve)));
    // The loop was blocked for 1.5 s (longer than the limit): the next check is the first in 1.5 s.
    clock += 1_500;
    await vi.advanceTimersByTimeAsync(125);
    expect(dead).not.toHaveBeenCalled();
    // From then on, silence is counted again, check by check.
    for (let i = 0; i < 10; i++) {
      clock += 125;
      await vi.advanceTimersByTimeAsync(125);
    }
    expect(dead).toHaveBeenCalledTimes(1);
    finish();
    await op;
  });

  it('checks nothing between operations', async () => {
    const dead = vi.fn();
    const live = new Liveness(() => 0, 1_000, dead, () => Date.now());
    await live.guard(async () => {});
    await vi.advanceTimersByTimeAsync(10_000);
    expect(dead).not.toHaveBeenCalled();
  });
});

describe('imapClientOptions', () => {
  const opts = { livenessMs: 60_000 };
  const token = new Sensitive('tok');

  it('uses TLS from the start on 993 and requires STARTTLS on a plain port but towards loopback', () => {
    expect(imapClientOptions({ host: 'outlook.office365.com', port: 993, security: 'tls' }, 'a@x', token, opts)).toMatchObject({ secure: true, auth: { user: 'a@x', accessToken: 'tok' }, logger: false });
    expect(imapClientOptions({ host: 'imap.example.com', port: 143, security: 'starttls' }, 'a@x', token, opts)).toMatchObject({ secure: false, doSTARTTLS: true });
    expect(imapClientOptions({ host: '127.0.0.1', port: 143, security: 'starttls' }, 'a@x', token, opts).doSTARTTLS).toBeUndefined();
    expect(imapClientOptions({ host: 'localhost', port: 143, security: 'starttls' }, 'a@x', token, opts).doSTARTTLS).toBe(true);
  });

  it('leaves IDLE to the IDLE loop: imapflow neither starts nor restarts it', () => {
    const o = imapClientOptions({ host: 'h', port: 993, security: 'tls' }, 'a@x', token, opts);
    expect(o.disableAutoIdle).toBe(true);
    expect(o.maxIdleTime).toBeUndefined();
  });

  it('trusts the override CA only when the endpoint gives one', () => {
    expect(imapClientOptions({ host: 'h', port: 993, security: 'tls', ca: ['PEM'] }, 'a@x', token, opts).tls).toEqual({ minVersion: 'TLSv1.2', ca: ['PEM'] });
    expect(imapClientOptions({ host: 'h', port: 993, security: 'tls' }, 'a@x', token, opts).tls).toEqual({ minVersion: 'TLSv1.2' });
  });
});
