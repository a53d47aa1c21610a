/** One part of a received message that is a file: an attachment, or an inline image (`cid:`). */
export interface ParsedAttachment {
  /** Mailbridge's id for the part within its message: its position among the files (`a0`, `a1`, …). */
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Shown inside the message (Content-Disposition: inline, or a related part) rather than listed. */
  inline: boolean;
  /** The Content-ID without `<>`, which `cid:` URLs name (RFC 2392); null when it has none. */
  contentId: string | null;
  content: Buffer;
}

/** A received message's body as read from its MIME. */
export interface ParsedMail {
  /** The text/plain body; null when the message has none. */
  text: string | null;
  /** The text/html body as the sender wrote it: never shown before it is sanitized. */
  html: string | null;
  attachments: ParsedAttachment[];
  /** The `In-Reply-To` id and the `References` ids (normalized, angle brackets kept). */
  inReplyTo: string | null;
  references: string[];
  /** The MIME could not be parsed: `text` is the raw message as text, and there is nothing else. */
  malformed: boolean;
}

export interface SanitizeOptions {
  /** `allow`: keep remote http(s) images (the user asked); `block`: keep none. */
  images: 'block' | 'allow';
  /** Where the part a `cid:` URL names is served, or null to drop the image. */
  cidUrl(contentId: string): string | null;
}

/**
 * Reading and making safe what a message holds: the MIME parser and the HTML sanitizer live in
 * platform/ (they wrap libraries), so the use cases get them through this port.
 */
export interface MailContent {
  /** Never throws: MIME that cannot be parsed comes back as text (`malformed`). */
  parse(mime: Buffer): Promise<ParsedMail>;
  /** The HTML without anything that could run or load (docs/mail-html.md). */
  sanitizeHtml(html: string, opts: SanitizeOptions): { html: string; remoteImagesBlocked: boolean };
}
