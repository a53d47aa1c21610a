import type { FastifyRequest } from 'fastify';
import type { MultipartFile, Multipart } from '@fastify/multipart';
import sjson from 'secure-json-parse';
import { Attachment, SendMessageForm, type AttachmentPart } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { InvalidInputError, PayloadTooLargeError, type MailbridgeError } from '../../../core/errors.js';
import type { OutgoingAttachment } from '../../../core/ports.js';
import { asAttachment, storeFile } from '../../../core/attachments/store-file.js';
import type { PreparedSend } from '../../../core/outbox/prepare-send.js';
import { fieldsBytes, type MessageFields } from '../../../core/sending/to-outgoing.js';
import { strictJsonText } from '../../strict-json.js';
import { validate } from '../../validate.js';
import { jsonShapeProblem } from '../../json-shape.js';

/**
 * The `message` part carries no file bytes: its bodies, recipients and headers. Graph takes at most
 * 4 MB in one request (docs/microsoft.md §2), so a larger one could never be sent.
 */
export const MESSAGE_PART_LIMIT = 4 * 1024 * 1024;

/** What the multipart parser refuses, in the API's words. */
const PARSER_ERRORS: Record<string, () => MailbridgeError> = {
  FST_PARTS_LIMIT: () => new PayloadTooLargeError('Too many parts: the `message` part and at most 250 files'),
  FST_FILES_LIMIT: () => new PayloadTooLargeError('Too many files: at most 250 per message'),
  FST_FIELDS_LIMIT: () => new InvalidInputError('Only one field, `message`; send each file as a file part (with a filename)'),
  FST_PROTO_VIOLATION: () => new InvalidInputError('A part name is not allowed'),
  FST_INVALID_JSON_FIELD_ERROR: () => new InvalidInputError(`The \`message\` part is not valid JSON, or is larger than ${MESSAGE_PART_LIMIT / 1024 / 1024} MB`, { details: [{ path: 'message', message: 'must be the message as JSON, at most 4 MB' }] }),
  FST_MP_PREMATURE_CLOSE: () => new InvalidInputError('The request ended before its multipart body did'),
};

/** A parser error as the API's own; anything else unchanged. */
function parserError(e: unknown): unknown {
  const known = PARSER_ERRORS[(e as { code?: string })?.code ?? ''];
  return known ? known() : e;
}

/**
 * Room for the multipart framing of the file parts: boundaries and part headers (a name, a
 * file name of up to 255 characters, a type) of up to 250 files.
 */
const FRAMING_BYTES = 512 * 1024;

/**
 * A multipart/form-data send (issue 9): the `message` part first (the message's JSON, its
 * `attachments[]` describing file parts by name), then one file part per attachment. Each file is
 * streamed into storage as it arrives, the limits checked on the way; Content-Length, when given,
 * refuses what cannot fit before any file is read. On any failure the files stored so far are
 * deleted before the error is thrown.
 */
export async function readMultipartSend(deps: Deps, request: FastifyRequest, userId: string, prepared: PreparedSend): Promise<{ input: MessageFields; files: OutgoingAttachment[] }> {
  const length = Number(request.headers['content-length'] ?? NaN);
  const files: OutgoingAttachment[] = [];
  try {
    let input: MessageFields | null = null;
    let described = new Map<string, AttachmentPart>();
    let guard: ReturnType<PreparedSend['sizeGuard']> | null = null;
    const seen = new Map<string, number>();
    for await (const part of request.parts()) {
      if (input === null) {
        if (part.fieldname !== 'message') throw new InvalidInputError('The first part must be `message`, the message as JSON; the files follow it', { details: [{ path: part.fieldname, message: 'expected the `message` part first' }] });
        const { json, bytes } = await messageJson(part);
        const message = validate(SendMessageForm, json, 'message');
        const { attachments = [], ...fields } = message;
        input = fields;
        described = byPart(attachments);
        guard = prepared.sizeGuard(fieldsBytes(fields));
        if (Number.isFinite(length)) guard.expectAtLeast(length - bytes - FRAMING_BYTES);
        continue;
      }
      if (part.type !== 'file') throw new InvalidInputError(`Unexpected field "${part.fieldname}": after \`message\`, only file parts`, { details: [{ path: part.fieldname, message: 'must be a file part (with a filename)' }] });
      seen.set(part.fieldname, (seen.get(part.fieldname) ?? 0) + 1);
      const meta = described.get(part.fieldname);
      const filename = validate(Attachment.shape.filename, meta?.filename ?? part.filename, `attachments[${files.length}].filename`);
      const contentType = validate(Attachment.shape.contentType, meta?.contentType ?? (part.mimetype || undefined), `attachments[${files.length}].contentType`);
      const g = guard!;
      const file = await storeFile(deps.store, userId, part.file, (size) => g.growing(filename, size), deps.clock.now()).catch((e: unknown) => {
        part.file.resume(); // let the parser move on; the request is refused anyway
        throw e;
      });
      g.finished(file.size);
      files.push(asAttachment(file, { filename, contentType, inline: meta?.inline, contentId: meta?.contentId }));
    }
    if (input === null) throw new InvalidInputError('The `message` part is missing', { details: [{ path: 'message', message: 'required: the message as JSON' }] });
    for (const name of described.keys()) {
      if (!seen.has(name)) throw new InvalidInputError(`attachments[] describes a part "${name}" that is not in the request`, { details: [{ path: 'attachments', message: `no file part named "${name}"` }] });
      if (seen.get(name)! > 1) throw new InvalidInputError(`Several file parts are named "${name}": a description in attachments[] must name one part`, { details: [{ path: 'attachments', message: `part name "${name}" is used more than once` }] });
    }
    return { input, files };
  } catch (e) {
    await deps.store.attachments.delete(files.map((f) => f.fileId)).catch(() => {});
    throw parserError(e);
  }
}

/**
 * The `message` part's JSON and its size: a file part (curl -F 'message=@message.json'), read
 * strictly like a JSON body, or a field (curl -F 'message={…}'), which the multipart parser has
 * already decoded (and parsed, when its type says JSON, with the same prototype-poisoning checks).
 */
async function messageJson(part: Multipart): Promise<{ json: unknown; bytes: number }> {
  if (part.type === 'field') {
    if (part.valueTruncated) throw tooLarge();
    const value = part.value;
    if (typeof value === 'string') return { json: parseJson(Buffer.from(value, 'utf8')), bytes: Buffer.byteLength(value) };
    // Typed application/json, so already parsed: its shape is held to the same limits.
    const text = Buffer.from(JSON.stringify(value));
    const shape = jsonShapeProblem(text);
    if (shape) throw new InvalidInputError(`The JSON message part ${shape}`, { details: [{ path: 'message', message: shape }] });
    return { json: value, bytes: text.length };
  }
  const bytes = await fileBytes(part as MultipartFile);
  return { json: parseJson(bytes), bytes: bytes.length };
}

function parseJson(bytes: Buffer): unknown {
  const text = strictJsonText(bytes, 'message part');
  try {
    return sjson.parse(text, null, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new InvalidInputError('The `message` part is not valid JSON', { details: [{ path: 'message', message: 'must be the message as JSON' }] });
  }
}

const tooLarge = () => new PayloadTooLargeError(`The \`message\` part is larger than ${MESSAGE_PART_LIMIT / 1024 / 1024} MB (the files go in parts of their own)`, { details: [{ path: 'message', message: 'at most 4 MB' }] });

async function fileBytes(part: MultipartFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MESSAGE_PART_LIMIT) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function byPart(attachments: AttachmentPart[]): Map<string, AttachmentPart> {
  const map = new Map<string, AttachmentPart>();
  for (const [i, a] of attachments.entries()) {
    if (map.has(a.part)) throw new InvalidInputError(`attachments[${i}] describes the part "${a.part}" a second time`, { details: [{ path: `attachments[${i}].part`, message: 'each part is described once' }] });
    map.set(a.part, a);
  }
  return map;
}
