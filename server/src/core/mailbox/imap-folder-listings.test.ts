import { describe, expect, it } from 'vitest';
import type { FolderNameTable } from './folder-roles.js';
import { imapFolderListings, type ImapListEntry } from './imap-folder-listings.js';

const names: FolderNameTable = { sent: ['Sent Items', 'Sent'], drafts: ['Drafts'], trash: ['Deleted Items', 'Trash'], junk: ['Junk Email'], archive: ['Archive'] };
const entry = (path: string, flags: string[] = [], delimiter: string | null = '/'): ImapListEntry => ({ path, delimiter, flags: new Set(flags) });

describe('imapFolderListings', () => {
  it("reads Exchange Online's LIST: marks where it sends them, names for the rest, INBOX by name", () => {
    const listing = imapFolderListings(
      [
        entry('Archive', ['\\HasNoChildren']),
        entry('Deleted Items', ['\\HasNoChildren', '\\Trash']),
        entry('Drafts', ['\\HasNoChildren', '\\Drafts']),
        entry('INBOX', ['\\Marked', '\\HasChildren']),
        entry('INBOX/Projects', ['\\HasNoChildren']),
        entry('Junk Email', ['\\HasNoChildren', '\\Junk']),
        entry('Sent Items', ['\\HasNoChildren']),
        entry('Calendar', ['\\HasChildren']),
      ],
      names,
    );
    expect(Object.fromEntries(listing.map((f) => [f.remoteId, f.role]))).toEqual({
      Archive: 'archive',
      'Deleted Items': 'trash',
      Drafts: 'drafts',
      INBOX: 'inbox',
      'INBOX/Projects': null,
      'Junk Email': 'junk',
      'Sent Items': 'sent',
      Calendar: null,
    });
    expect(listing.find((f) => f.remoteId === 'INBOX/Projects')).toEqual({
      remoteId: 'INBOX/Projects',
      parentRemoteId: 'INBOX',
      name: 'Projects',
      path: 'INBOX/Projects',
      role: null,
    });
  });

  it("joins the path with / whatever the server's delimiter, and keeps the remote id as listed", () => {
    const [, child] = imapFolderListings([entry('INBOX', [], '.'), entry('INBOX.Sent', [], '.')], names);
    expect(child).toEqual({ remoteId: 'INBOX.Sent', parentRemoteId: 'INBOX', name: 'Sent', path: 'INBOX/Sent', role: 'sent' });
  });

  it('keeps a / inside a name under a . delimiter (the path is for display, the remote id identifies)', () => {
    const [f] = imapFolderListings([entry('Clients.A/B', [], '.')], names);
    expect(f).toMatchObject({ name: 'A/B', path: 'Clients/A/B', parentRemoteId: null });
  });

  it('takes names as imapflow gives them, decoded from modified UTF-7', () => {
    // imapflow's ListResponse.path for "&AMk-l&AOk-ments envoy&AOk-s" (RFC 3501 §5.1.3).
    const [f] = imapFolderListings([entry('Éléments envoyés')], { ...names, sent: ['Éléments envoyés'] });
    expect(f).toMatchObject({ name: 'Éléments envoyés', path: 'Éléments envoyés', role: 'sent' });
  });

  it('handles a flat server (NIL delimiter), a leading delimiter and an empty name', () => {
    const listing = imapFolderListings([entry('a/b', [], null), entry('/Top/Sub'), entry('')], names);
    expect(listing.map((f) => [f.name, f.path, f.parentRemoteId])).toEqual([
      ['a/b', 'a/b', null],
      ['Sub', 'Top/Sub', null],
      ['', '', null],
    ]);
  });

  it('gives no role to \\Noselect or \\NonExistent entries, and accepts flags as an array', () => {
    const listing = imapFolderListings(
      [{ path: 'Trash', delimiter: '/', flags: ['\\NonExistent', '\\Trash'] }, { path: 'Deleted Items', delimiter: '/', flags: ['\\NOSELECT'] }],
      names,
    );
    expect(listing.map((f) => f.role)).toEqual([null, null]);
  });

  it('finds INBOX in any case', () => {
    expect(imapFolderListings([entry('Inbox')], names)[0]!.role).toBe('inbox');
  });
});
