import { z } from 'zod';
import type { EmulatorContext } from '../state/context.js';
import { takeFirst, type ActiveSmtpFault } from '../state/traffic.js';
import type { SmtpFaultSpec, SmtpStage } from '../state/types.js';

const stage = z.enum(['connect', 'auth', 'mail', 'rcpt', 'data']);
const target = {
  stage: z.union([stage, z.array(stage).min(1)]),
  mailbox: z.string().optional(),
  times: z.number().int().positive().optional(),
  probability: z.number().min(0).max(1).optional(),
  delayMs: z.number().nonnegative().optional(),
};
const stages = (s: SmtpFaultSpec): SmtpStage[] => (Array.isArray(s.stage) ? s.stage : [s.stage]);

/** Checks an SmtpFaultSpec handed to injectSmtpFault (in-process or over HTTP); see state/types.ts. */
const smtpFaultSchema = z.union([
  z.strictObject({
    ...target,
    code: z.number().int().min(400).max(599),
    // One reply line: a CR or LF would let the text forge further replies.
    text: z.string().regex(/^[^\r\n]*$/, 'text must be one line'),
  }),
  z.strictObject({ ...target, drop: z.enum(['before', 'after']) }),
  z.strictObject({ ...target, delayMs: z.number().nonnegative() }),
]).refine((s) => !('drop' in s && s.drop === 'after') || stages(s as SmtpFaultSpec).every((x) => x === 'data'), {
  message: "drop: 'after' exists only at stage 'data' (the message accepted, the reply lost)",
});

/**
 * Queues an SMTP fault (checked first; a bad spec throws and changes nothing). It answers the
 * next `times` matching commands, or each matching one with its `probability`.
 */
export function addSmtpFault(ctx: EmulatorContext, input: SmtpFaultSpec): void {
  const spec = smtpFaultSchema.parse(input) as SmtpFaultSpec;
  const remaining = spec.times ?? (spec.probability !== undefined ? null : 1);
  ctx.store.traffic.smtpFaults.push({ spec, remaining, fired: 0 });
}

function matches(f: ActiveSmtpFault, at: SmtpStage, mailbox: string | undefined): boolean {
  if (!stages(f.spec).includes(at)) return false;
  if (f.spec.mailbox !== undefined && f.spec.mailbox.toLowerCase() !== mailbox?.toLowerCase()) return false;
  return f.remaining === null || f.remaining > 0;
}

/**
 * The first queued SMTP fault that fires at this stage for this mailbox, in the order injected
 * (as takeFault does for HTTP: probabilities draw from the seeded RNG, spent faults are removed).
 */
export function takeSmtpFault(ctx: EmulatorContext, at: SmtpStage, mailbox: string | undefined): SmtpFaultSpec | undefined {
  const traffic = ctx.store.traffic;
  return takeFirst(traffic.smtpFaults, traffic.random, (f) => matches(f, at, mailbox));
}
