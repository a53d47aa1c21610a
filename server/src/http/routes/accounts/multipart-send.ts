import type { FastifyRequest } from 'fastify';
import type { MultipartFile, Multipart } from '@fastify/multipart';
import sjson from 'secure-json-parse';
import { Attachment, SendMessageForm, type AttachmentPart } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { InvalidInputError } from '../../../core/errors.js';
import type { OutgoingAttachment } from '../../../core/ports.js';
import { storeFile } from '../../../core/attachments/store-file.js';
import type { PreparedSend } from '../../../core/outbox/prepare-send.js';
import { fieldsBytes, type MessageFields } from '../../../core/sending/to-outgoing.js';
import { strictJsonText } from '../../strict-json.js';
import { validate } from '../../validate.js';
import { SEND_JSON_LIMIT } from '../../body-limits.js';

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
      files.push({ filename, contentType, inline: meta?.inline ?? false, ...(meta?.contentId ? { contentId: meta.contentId } : {}), fileId: file.id, size: file.size, sha256: file.sha256 });
    }
    if (input === null) throw new InvalidInputError('The `message` part is missing', { details: [{ path: 'message', message: 'required: the message as JSON' }] });
    for (const name of described.keys()) {
      if (!seen.has(name)) throw new InvalidInputError(`attachments[] describes a part "${name}" that is not in the request`, { details: [{ path: 'attachments', message: `no file part named "${name}"` }] });
      if (seen.get(name)! > 1) throw new InvalidInputError(`Several file parts are named "${name}": a description in attachments[] must name one part`, { details: [{ path: 'attachments', message: `part name "${name}" is used more than once` }] });
    }
    return { input, files };
  } catch (e) {
    await deps.store.attachments.delete(files.map((f) => f.fileId)).catch(() => {});
    throw e;
  }
}

/**
 * The `message` part's JSON and its size: a file part (curl -F 'message=@message.json'), read
 * strictly like a JSON body, or a field (curl -F 'message={…}'), which the multipart parser has
 * already decoded (and parsed, when its type says JSON, with the same prototype-poisoning checks).
 */
async function messageJson(part: Multipart): Promise<{ json: unknown; bytes: number }> {
  if (part.type === 'field') {
    const value = part.value;
    if (typeof value !== 'string') return { json: value, bytes: Buffer.byteLength(JSON.stringify(value)) };
    return { json: parseJson(Buffer.from(value, 'utf8')), bytes: Buffer.byteLength(value) };
  }
  const bytes = await fileBytes(part as MultipartFile);
  return { json: parseJson(bytes), bytes: bytes.length };
}

const parseJson = (bytes: Buffer): unknown => sjson.parse(strictJsonText(bytes, 'message part'), null, { protoAction: 'error', constructorAction: 'error' });

async function fileBytes(part: MultipartFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > SEND_JSON_LIMIT) throw new InvalidInputError('The `message` part is larger than 25 MB', { details: [{ path: 'message', message: 'at most 25 MB' }] });
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
