import { describe, expect, it } from 'vitest';
import { assignFolderRoles, folderNameKey, isInboxName, roleFromAttributes, type FolderNameTable, type RoleCandidate } from './folder-roles.js';

const names: FolderNameTable = {
  sent: ['Sent Items', 'Elementos enviados', 'Sent'],
  drafts: ['Drafts'],
  trash: ['Deleted Items', 'Trash'],
  junk: ['Junk Email', 'Spam'],
  archive: ['Archive'],
};

const folder = (path: string, marked: RoleCandidate['marked'] = null, selectable = true): RoleCandidate => {
  const segments = path.split('/');
  return { remoteId: path, name: segments[segments.length - 1]!, segments, marked, selectable };
};

const roles = (folders: RoleCandidate[]) => Object.fromEntries(assignFolderRoles(folders, names));

describe('roleFromAttributes (RFC 6154)', () => {
  it.each([
    [['\\HasNoChildren', '\\Sent'], 'sent'],
    [['\\Drafts'], 'drafts'],
    [['\\Trash'], 'trash'],
    [['\\Junk'], 'junk'],
    [['\\Archive'], 'archive'],
    [['\\TRASH'], 'trash'],
    [['\\junk'], 'junk'],
  ])('%j → %s', (attributes, role) => expect(roleFromAttributes(attributes)).toBe(role));

  it('ignores \\All, \\Flagged and the other attributes', () => {
    expect(roleFromAttributes(['\\All'])).toBeNull();
    expect(roleFromAttributes(['\\Flagged', '\\HasChildren', '\\Marked'])).toBeNull();
    expect(roleFromAttributes(new Set<string>())).toBeNull();
  });
});

describe('folderNameKey', () => {
  it('ignores case, spacing, Unicode form and the hyphen of E-mail', () => {
    expect(folderNameKey('  JUNK   E-Mail ')).toBe(folderNameKey('Junk Email'));
    expect(folderNameKey('E\u0301le\u0301ments envoye\u0301s')).toBe(folderNameKey('Éléments envoyés'));
  });
});

describe('isInboxName', () => {
  it('is INBOX in any case, at the top only', () => {
    expect(isInboxName(['INBOX'])).toBe(true);
    expect(isInboxName(['Inbox'])).toBe(true);
    expect(isInboxName(['inbox'])).toBe(true);
    expect(isInboxName(['Work', 'Inbox'])).toBe(false);
    expect(isInboxName(['Bandeja de entrada'])).toBe(false);
  });
});

describe('assignFolderRoles', () => {
  it('takes a server mark over a name', () => {
    expect(roles([folder('Sent'), folder('Gesendet', 'sent')])).toEqual({ Gesendet: 'sent' });
  });

  it('falls back to names for the roles no folder is marked with (Exchange marks no Archive)', () => {
    expect(roles([folder('Deleted Items', 'trash'), folder('Archive'), folder('Sent Items')])).toEqual({
      'Deleted Items': 'trash',
      Archive: 'archive',
      'Sent Items': 'sent',
    });
  });

  it('gives a role once: the shallowest claimant first', () => {
    expect(roles([folder('INBOX/Trash'), folder('Trash')])).toEqual({ Trash: 'trash' });
  });

  it("between names at the same depth, follows the table's order (Exchange's names first)", () => {
    expect(roles([folder('Sent'), folder('Sent Items')])).toEqual({ 'Sent Items': 'sent' });
    expect(roles([folder('Spam'), folder('Junk Email')])).toEqual({ 'Junk Email': 'junk' });
  });

  it('between folders of the same name key, takes the shorter path, then the first in code-unit order', () => {
    expect(roles([folder('INBOX/Trash'), folder('INBOX/trash'), folder('INBOX/TRASH')])).toEqual({ 'INBOX/TRASH': 'trash' });
  });

  it('between two marked folders, the shallowest wins, then the path', () => {
    expect(roles([folder('Old/Sent', 'sent'), folder('Sent', 'sent')])).toEqual({ Sent: 'sent' });
    expect(roles([folder('B', 'trash'), folder('A', 'trash')])).toEqual({ A: 'trash' });
  });

  it('names only top-level folders and children of INBOX', () => {
    expect(roles([folder('INBOX/Sent')])).toEqual({ 'INBOX/Sent': 'sent' });
    expect(roles([folder('Clients/Sent'), folder('Projects/2024/Archive')])).toEqual({});
  });

  it('gives no role to folders that hold no messages', () => {
    expect(roles([folder('Trash', 'trash', false), folder('Deleted Items')])).toEqual({ 'Deleted Items': 'trash' });
  });

  it('gives a folder one role: a mark keeps it from matching another name', () => {
    expect(roles([folder('Archive', 'junk')])).toEqual({ Archive: 'junk' });
  });

  it('does not depend on the listing order', () => {
    const list = [folder('Trash'), folder('Deleted Items'), folder('INBOX/Trash'), folder('Spam'), folder('Junk Email')];
    expect(roles(list)).toEqual(roles([...list].reverse()));
  });
});
