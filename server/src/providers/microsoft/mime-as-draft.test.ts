import { describe, expect, it } from 'vitest';
import { mimeAsDraft, mimeFitsOneRequest } from './mime-as-draft.js';

const mime = (head: string, body = 'Content-Type: text/plain\r\n\r\nHello\r\n') => Buffer.from(`${head}\r\nMIME-Version: 1.0\r\n${body}`);

describe('mimeAsDraft', () => {
  it('keeps the envelope recipients only: To and Cc as listed, every other one as Bcc', async () => {
    const d = await mimeAsDraft(
      mime('From: Scanner <scan@contoso.example>\r\nTo: a@x.example, Team: b@x.example, gone@x.example;\r\nCc: C <c@x.example>, A@x.example\r\nBcc: Dee <d@x.example>\r\nSubject: Scan'),
      { from: 'scan@contoso.example', to: ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example', 'e@x.example'] },
      'scan@contoso.example',
    );
    expect(d.message).toMatchObject({
      from: { address: 'scan@contoso.example', name: 'Scanner' },
      to: [{ address: 'a@x.example' }, { address: 'b@x.example' }],
      cc: [{ address: 'c@x.example', name: 'C' }],
      bcc: [{ address: 'd@x.example', name: 'Dee' }, { address: 'e@x.example' }],
      subject: 'Scan',
      text: 'Hello\n',
    });
  });

  it('takes the first five X- headers only, importance, and a Sender that is the mailbox', async () => {
    const xs = Array.from({ length: 7 }, (_, i) => `X-H${i}: v${i}`).join('\r\n');
    const d = await mimeAsDraft(mime(`From: a@contoso.example\r\nSender: box@contoso.example\r\nTo: b@x.example\r\nX-Priority: 5\r\n${xs}\r\nDisposition-Notification-To: a@contoso.example`), { from: 'a@contoso.example', to: ['b@x.example'] }, 'box@contoso.example');
    expect(Object.keys(d.message.headers)).toEqual(['X-Priority', 'X-H0', 'X-H1', 'X-H2', 'X-H3']);
    expect(d.extra).toEqual({ importance: 'low', sender: { emailAddress: { address: 'box@contoso.example' } }, isReadReceiptRequested: true });
    const other = await mimeAsDraft(mime('From: a@contoso.example\r\nSender: printer@lan.example\r\nTo: b@x.example'), { from: 'a@contoso.example', to: ['b@x.example'] }, 'box@contoso.example');
    expect(other.extra).toEqual({});
  });

  it('reads the files from the parsed MIME, the same parts in the same order each time', async () => {
    const body =
      'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<img src="cid:i1@x">\r\n' +
      '--b\r\nContent-Type: image/png\r\nContent-Disposition: inline\r\nContent-ID: <i1@x>\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQ=\r\n' +
      '--b\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nBQYHCAk=\r\n--b--\r\n';
    const raw = mime('From: a@contoso.example\r\nTo: b@x.example', body);
    const [one, two] = [await mimeAsDraft(raw, { from: '', to: ['b@x.example'] }, 'a@contoso.example'), await mimeAsDraft(raw, { from: '', to: ['b@x.example'] }, 'a@contoso.example')];
    expect(one.message.html).toBe('<img src="cid:i1@x">');
    expect(one.message.attachments).toEqual(two.message.attachments);
    expect(one.message.attachments).toMatchObject([
      { filename: 'attachment-1', contentType: 'image/png', inline: true, contentId: 'i1@x', size: 5 },
      { filename: 'a.pdf', contentType: 'application/pdf', inline: false, size: 5 },
    ]);
    expect([...(await one.read(one.message.attachments[1]!, 1, 4))]).toEqual([6, 7, 8]);
    expect([...(await two.read(one.message.attachments[0]!, 0, 5))]).toEqual([0, 1, 2, 3, 4]);
  });

  it('says whether MIME fits one Graph request once base64-encoded', () => {
    expect(mimeFitsOneRequest(Buffer.alloc(3 * 1024 * 1024))).toBe(true);
    expect(mimeFitsOneRequest(Buffer.alloc(3 * 1024 * 1024 + 3))).toBe(false);
  });
});
