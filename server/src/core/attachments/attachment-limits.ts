/**
 * Microsoft's sizes for attachments (docs/microsoft.md §2 "Sizes"; learn.microsoft.com
 * graph/outlook-large-attachments, graph/api/attachment-createuploadsession).
 */
const MiB = 1024 * 1024;

/** The largest file Graph attaches (through an upload session). */
export const MAX_ATTACHMENT_BYTES = 150 * MiB;

/** Files of this size or more go through an upload session; smaller ones are posted whole. */
export const UPLOAD_SESSION_MIN_BYTES = 3 * MiB;

/**
 * One stored chunk, and one fragment PUT to an upload session: under Graph's 4 MB request cap and
 * a multiple of 320 KiB (12 × 320 KiB = 3.75 MiB), so a fragment is exactly one stored chunk.
 */
export const ATTACHMENT_CHUNK_BYTES = 12 * 320 * 1024;

/** Exchange Online's default maximum size of a sent message (an account may raise it). */
export const DEFAULT_MAX_MESSAGE_MB = 35;

/**
 * A file's size once base64-encoded in the message, as Exchange measures a message against the
 * mailbox's maximum send size (about 4/3 of the bytes).
 */
export const encodedSize = (bytes: number): number => 4 * Math.ceil(bytes / 3);

export const megabytes = (mb: number): number => mb * MiB;
