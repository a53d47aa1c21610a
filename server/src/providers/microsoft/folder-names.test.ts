import { FolderRole } from '@mailbridge/contract';
import { describe, expect, it } from 'vitest';
import { folderNameKey } from '../../core/mailbox/folder-roles.js';
import { imapFolderListings } from '../../core/mailbox/imap-folder-listings.js';
import { exchangeFolderNames, folderNames } from './folder-names.js';
import { graphWellKnownFolders } from './graph-well-known-folders.js';

const roleOf = (listing: { remoteId: string; role: string | null }[]) => Object.fromEntries(listing.map((f) => [f.remoteId, f.role]));
const plain = (path: string) => ({ path, delimiter: '/', flags: ['\\HasNoChildren'] });

describe('folderNames', () => {
  it('gives every name one role', () => {
    const seen = new Map<string, string>();
    for (const [role, list] of Object.entries(folderNames)) {
      for (const name of list) {
        const key = folderNameKey(name);
        expect(seen.get(key) ?? role, `${name} is both ${seen.get(key)} and ${role}`).toBe(role);
        seen.set(key, role);
      }
    }
  });

  it('holds every role in at least the eleven languages the issue names, never English alone', () => {
    expect(Object.keys(exchangeFolderNames)).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'de', 'it', 'pt-BR', 'nl', 'vi', 'ko', 'ja', 'zh-Hans']));
    for (const row of Object.values(exchangeFolderNames)) expect(row.every((n) => n.trim() !== '')).toBe(true);
    expect(folderNames.sent[0]).toBe('Sent Items');
    expect(folderNames.sent).toEqual(expect.arrayContaining(['Sent', 'Sent Messages']));
    expect(folderNames.trash).toContain('Trash');
    expect(folderNames.junk).toContain('Spam');
  });

  it.each([
    ...Object.entries(exchangeFolderNames).map(([lang, row]) => [lang, [...row]] as [string, string[]]),
    ['en (older mailbox)', ['Sent Items', 'Drafts', 'Deleted Items', 'Junk E-mail', 'Archive']],
  ])('finds the roles of an unmarked %s Exchange mailbox', (_lang, [sent, drafts, trash, junk, archive]) => {
    const listing = imapFolderListings(['INBOX', sent!, drafts!, trash!, junk!, archive!].map(plain), folderNames);
    expect(roleOf(listing)).toEqual({ INBOX: 'inbox', [sent!]: 'sent', [drafts!]: 'drafts', [trash!]: 'trash', [junk!]: 'junk', [archive!]: 'archive' });
  });

  it("reads Dovecot's and Gmail-like names", () => {
    const listing = imapFolderListings(['INBOX', 'Sent Messages', 'Trash', 'Spam', 'Archive'].map(plain), folderNames);
    expect(roleOf(listing)).toEqual({ INBOX: 'inbox', 'Sent Messages': 'sent', Trash: 'trash', Spam: 'junk', Archive: 'archive' });
  });

  it("prefers Exchange's folder over a user's folder with a generic name", () => {
    const listing = imapFolderListings(['Sent', 'Sent Items', 'Spam', 'Junk Email'].map(plain), folderNames);
    expect(roleOf(listing)).toEqual({ Sent: null, 'Sent Items': 'sent', Spam: null, 'Junk Email': 'junk' });
  });
});

describe('graphWellKnownFolders', () => {
  it('names a distinct well-known folder for every role', () => {
    expect(Object.keys(graphWellKnownFolders).sort()).toEqual([...FolderRole.options].sort());
    expect(new Set(Object.values(graphWellKnownFolders)).size).toBe(FolderRole.options.length);
  });
});
