/**
 * Graph also addresses an entity by its key in parentheses (`mailFolders('AQMk…')/messages`, the
 * form of its own @odata.nextLink and @odata.deltaLink) and ignores the case of segment names
 * (`mailfolders`). The emulator's routes use one spelling: this rewrites a request's URL to it
 * before routing.
 */
const SEGMENTS = [
  'mailFolders', 'childFolders', 'messages', 'attachments', 'sendMail', 'send', 'delta', 'move',
  'createReply', 'createReplyAll', 'createForward', 'reply', 'replyAll', 'forward', 'createUploadSession', 'users', 'me',
];
const CANONICAL = new Map(SEGMENTS.map((s) => [s.toLowerCase(), s]));
const KEYED = /^(\w+)\((?:'|%27)(.*?)(?:'|%27)\)$/i;

export function normalizeGraphUrl(url: string): string {
  if (!url.startsWith('/v1.0/')) return url;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const segments = path.split('/').flatMap((seg) => {
    const m = KEYED.exec(seg);
    return m ? [m[1] as string, m[2] as string] : [seg];
  });
  const canonical = segments.map((seg) => CANONICAL.get(seg.toLowerCase()) ?? seg);
  return canonical.join('/') + (q < 0 ? '' : url.slice(q));
}
