import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, shot } from '../support/chromium.js';
import { ADMIN_EMAIL, errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';

const ANA = 'ana@contoso.example';
const BEN = 'ben@contoso.example';
const KB = 1024;
const MB = 1024 * KB;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Issue 9 on the settings page: the test email takes a file (read in the browser, sent in
 * base64), which reaches Microsoft byte for byte; a file over 18 MB is refused before anything
 * is sent, pointing to the API's multipart/form-data for large files.
 */
describe('the test email with an attachment (browser)', () => {
  let b: BrowserStack;
  let page: Page;
  let dir: string;
  let anaId: string;

  const file = async (name: string, bytes: Buffer) => {
    const p = path.join(dir, name);
    await writeFile(p, bytes);
    return p;
  };
  const sendTest = async () => {
    await page.getByTestId('test-recipient').fill(BEN);
    await page.getByTestId('send-test').click();
  };
  /** The emulator's record of the newest message Ana's mailbox sent. */
  const lastAccepted = () => b.s.emulator.accepted({ mailbox: ANA }).at(-1);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mailbridge-attach-'));
    b = await startBrowserStack();
    const { s } = b;
    for (const e of [ANA, BEN]) s.emulator.createUser({ email: e, tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
    // Ana's account belongs to the admin who signs in, so the settings page shows it.
    const adminId = (await s.api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === ADMIN_EMAIL).id as string;
    anaId = (await s.createAccount(ANA, { userId: adminId })).id;
    expect((await s.link(anaId, ANA)).html).toContain('Linking successful!');
    page = await (await b.context('en-US')).newPage();
    await b.signIn(page);
  });
  afterAll(async () => {
    await b?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('offers an optional, labelled file field, and the page has no serious accessibility problems', async () => {
    await page.goto(`${b.s.url}/settings`);
    await expect.poll(() => page.getByTestId('oauth-status').textContent()).toContain(ANA);
    const input = page.getByLabel('Attach a file (optional)', { exact: true });
    expect(await input.getAttribute('type')).toBe('file');
    expect(await page.locator('#test-attachment-hint').textContent()).toContain('multipart/form-data');
    const problems = (await axeSerious(page)).map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(problems).toEqual([]);
  });

  it('sends a 200 KB file with the test email; Microsoft gets it byte for byte', async () => {
    const bytes = randomBytes(200 * KB);
    await page.getByTestId('test-attachment').setInputFiles(await file('report.bin', bytes));
    expect(await page.getByTestId('test-attachment-chosen').textContent()).toBe('Attached: report.bin (200 KB)');
    await shot(page, 'attach-01-chosen');
    const before = b.s.emulator.accepted({ mailbox: ANA }).length;
    await sendTest();
    await expect.poll(() => page.getByTestId('test-result').textContent(), { timeout: 15_000 }).toBe(`Email with report.bin accepted by Microsoft for delivery. Check the inbox of ${BEN}.`);
    await shot(page, 'attach-02-accepted');
    expect(b.s.emulator.accepted({ mailbox: ANA })).toHaveLength(before + 1);
    expect(lastAccepted()!.attachments).toEqual([expect.objectContaining({ name: 'report.bin', size: bytes.length, isInline: false, sha256: sha256(bytes) })]);
    // It arrived in Ben's inbox with the file.
    const arrived = b.s.emulator.mailbox(BEN).inbox.at(-1)!.message as { subject?: string; attachments?: { name?: string }[] };
    expect(arrived.attachments?.map((a) => a.name)).toEqual(['report.bin']);
  });

  it('a 5 MB file goes through an upload session (the account has Mail.ReadWrite) and arrives whole', async () => {
    const bytes = randomBytes(5 * MB);
    await page.getByTestId('test-attachment').setInputFiles(await file('scan.pdf', bytes));
    expect(await page.getByTestId('test-attachment-chosen').textContent()).toBe('Attached: scan.pdf (5 MB)');
    await sendTest();
    await expect.poll(() => page.getByTestId('test-result').textContent(), { timeout: 30_000 }).toBe(`Email with scan.pdf accepted by Microsoft for delivery. Check the inbox of ${BEN}.`);
    expect(lastAccepted()).toMatchObject({ via: 'draft', attachments: [expect.objectContaining({ name: 'scan.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) })] });
    expect(b.s.emulator.requests({ endpoint: 'createUploadSession' }).length).toBeGreaterThan(0);
  });

  it('refuses a file over 18 MB in the page, says how to send large files, and sends nothing', async () => {
    const big = path.join(dir, 'video.mp4');
    await writeFile(big, '');
    await truncate(big, 18 * MB + 1); // sparse: nothing is written to disk
    const before = b.s.emulator.accepted({ mailbox: ANA }).length;
    await page.getByTestId('test-attachment').setInputFiles(big);
    const error = page.getByTestId('test-attachment-error');
    await expect.poll(() => error.textContent()).toBe(
      'video.mp4 is 18.1 MB: the test email takes files up to 18 MB. Send larger files (up to 150 MB) through the API, as multipart/form-data.',
    );
    expect(await page.getByTestId('test-attachment').getAttribute('aria-invalid')).toBe('true');
    expect((await page.getByTestId('test-attachment').getAttribute('aria-describedby'))!.split(' ')).toContain('test-attachment-error');
    await shot(page, 'attach-03-too-large');

    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/test')) posted.push(r.url());
    });
    await sendTest();
    // Refused in the page: no request, no result, and the file field has the focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('test-attachment');
    expect(posted).toEqual([]);
    expect(await page.getByTestId('test-result').count()).toBe(0);
    expect(b.s.emulator.accepted({ mailbox: ANA })).toHaveLength(before);

    // Removing the file clears the refusal; the test goes without a file.
    await page.getByTestId('test-attachment-remove').click();
    expect(await error.count()).toBe(0);
    await sendTest();
    await expect.poll(() => page.getByTestId('test-result').textContent(), { timeout: 15_000 }).toBe(`Email accepted by Microsoft for delivery. Check the inbox of ${BEN}.`);
    expect(lastAccepted()!.attachments).toEqual([]);
  });

  it('logged no console errors', () => {
    expect(errorsOf(page)).toEqual([]);
  });
});
