import { describe, expect, it } from 'vitest';
import { graphFolderListings } from './graph-folder-listings.js';

const root = 'AAMkRoot';
const folders = [
  { id: 'f-inbox', displayName: 'Bandeja de entrada', parentFolderId: root },
  { id: 'f-sent', displayName: 'Elementos enviados', parentFolderId: root },
  { id: 'f-archive', displayName: 'Archive', parentFolderId: root },
  { id: 'f-proj', displayName: 'Proyectos', parentFolderId: 'f-inbox' },
  { id: 'f-2024', displayName: '2024', parentFolderId: 'f-proj' },
];

describe('graphFolderListings', () => {
  it('gives roles by the well-known folders’ ids, never by display name', () => {
    const listing = graphFolderListings(folders, { inbox: 'f-inbox', sent: 'f-sent' });
    expect(Object.fromEntries(listing.map((f) => [f.name, f.role]))).toEqual({
      'Bandeja de entrada': 'inbox',
      'Elementos enviados': 'sent',
      Archive: null,
      Proyectos: null,
      '2024': null,
    });
  });

  it('builds the path and parent from parentFolderId, the unlisted root making top-level folders', () => {
    const listing = graphFolderListings(folders, {});
    expect(listing.find((f) => f.remoteId === 'f-2024')).toEqual({
      remoteId: 'f-2024',
      parentRemoteId: 'f-proj',
      name: '2024',
      path: 'Bandeja de entrada/Proyectos/2024',
      role: null,
    });
    expect(listing.find((f) => f.remoteId === 'f-inbox')!.parentRemoteId).toBeNull();
  });

  it('survives a parent cycle and a missing parent id', () => {
    const listing = graphFolderListings(
      [
        { id: 'a', displayName: 'A', parentFolderId: 'b' },
        { id: 'b', displayName: 'B', parentFolderId: 'a' },
        { id: 'c', displayName: 'C', parentFolderId: null },
      ],
      {},
    );
    expect(listing.map((f) => f.path)).toEqual(['B/A', 'A/B', 'C']);
  });

  it('ignores a role id that names no listed folder', () => {
    expect(graphFolderListings(folders, { archive: 'gone' }).every((f) => f.role === null)).toBe(true);
  });
});
