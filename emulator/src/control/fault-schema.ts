import { z } from 'zod';
import type { FaultSpec } from '../state/types.js';

const endpoint = z.enum([
  'token', 'authorize', 'me', 'sendMail', 'messages', 'send', 'getMessage', 'deleteMessage', 'listMessages',
  'attachments', 'listAttachments', 'createUploadSession', 'uploadChunk', 'uploadSession',
  'mailFolders', 'delta', 'messageValue', 'updateMessage', 'moveMessage', 'createReply', 'createReplyAll', 'createForward', 'replyMessage', '*',
]);
const target = {
  endpoint: z.union([endpoint, z.array(endpoint).min(1)]),
  mailbox: z.string().optional(),
  times: z.number().int().positive().optional(),
  probability: z.number().min(0).max(1).optional(),
  delayMs: z.number().nonnegative().optional(),
};
const retryAfter = z.union([z.string(), z.number().nonnegative(), z.null(), z.strictObject({ dateInMs: z.number() })]);

/** Checks a FaultSpec handed to injectFault (in-process or over HTTP); see state/types.ts. */
const faultSpecSchema = z.union([
  z.strictObject({ ...target, status: z.number().int().min(100).max(599), headers: z.record(z.string(), z.string()).optional(), body: z.unknown().optional() }),
  z.strictObject({ ...target, aadsts: z.number().int().positive() }),
  z.strictObject({ ...target, graphError: z.string().min(1), retryAfter: retryAfter.optional() }),
  z.strictObject({ ...target, drop: z.enum(['before', 'after']) }),
  z.strictObject({ ...target, delayMs: z.number().nonnegative() }),
]);

export function parseFaultSpec(value: unknown): FaultSpec {
  return faultSpecSchema.parse(value) as FaultSpec;
}
