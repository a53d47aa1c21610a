import type { MessageStructureObject } from 'imapflow';

/** A leaf of a BODYSTRUCTURE (RFC 3501 §7.4.2) with where it sits: child indexes from the top, 1-based. */
export interface StructureLeaf {
  node: MessageStructureObject;
  /** [] for a message that is not multipart; [2, 1] for part 2.1. */
  path: number[];
}

const isMultipart = (n: MessageStructureObject): boolean => n.type.toLowerCase().startsWith('multipart/');
const isAttachment = (n: MessageStructureObject): boolean => (n.disposition ?? '').toLowerCase() === 'attachment';

/** Every leaf in order, not looking inside an attached message (message/rfc822 is a leaf). */
export function structureLeaves(root: MessageStructureObject): StructureLeaf[] {
  const leaves: StructureLeaf[] = [];
  const walk = (node: MessageStructureObject, path: number[], depth: number) => {
    if (!isMultipart(node)) {
      leaves.push({ node, path });
      return;
    }
    // A hostile nesting depth costs no more than this.
    if (depth > 20) return;
    (node.childNodes ?? []).forEach((child, i) => walk(child, [...path, i + 1], depth + 1));
  };
  walk(root, [], 0);
  return leaves;
}

/**
 * The parts a list's snippet may come from, best first: the first text/plain that is not an
 * attachment, then the first such text/html (messageSnippet reads either).
 */
export function snippetLeaves(root: MessageStructureObject): Array<StructureLeaf & { kind: 'text' | 'html' }> {
  const bodies = structureLeaves(root).filter((l) => !isAttachment(l.node));
  const plain = bodies.find((l) => l.node.type.toLowerCase() === 'text/plain');
  const html = bodies.find((l) => l.node.type.toLowerCase() === 'text/html');
  return [...(plain ? [{ ...plain, kind: 'text' as const }] : []), ...(html ? [{ ...html, kind: 'html' as const }] : [])];
}

/**
 * Whether a mail client would show the message with a paperclip: a part marked as an attachment
 * (RFC 2183), an attached message, or any part that is not text and not an inline image of an
 * HTML body (an inline part with a Content-ID, RFC 2387 multipart/related).
 */
export function hasAttachments(root: MessageStructureObject): boolean {
  return structureLeaves(root).some(({ node, path }) => {
    if (path.length === 0) return isAttachment(node) || !node.type.toLowerCase().startsWith('text/');
    if (isAttachment(node)) return true;
    const type = node.type.toLowerCase();
    if (type === 'message/rfc822') return true;
    if (type.startsWith('text/')) return false;
    const inline = (node.disposition ?? 'inline').toLowerCase() === 'inline';
    return !(inline && node.id);
  });
}
