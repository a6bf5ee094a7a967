import * as z from 'zod';
import { labelled } from '../core/field-labels.js';
import { idSchema } from '../core/schemas/ids.js';
import { DSR_CHANNELS, DSR_OUTCOMES, DSR_TYPES } from '../core/schemas/dsr.js';
import { emailSchema } from '../core/schemas/user.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, e.g. 2026-11-30');

/** POST /privacy/requests: the person is a directory user, or an address (with a name if known). */
export const logRequestBody = labelled(
  z
    .object({
      type: z.enum(DSR_TYPES),
      person: z
        .object({
          userId: idSchema.optional(),
          email: emailSchema.optional(),
          name: z.string().trim().max(200).optional(),
        })
        .strict()
        .refine((p) => Boolean(p.userId) !== Boolean(p.email), { message: 'choose a person from the directory or type their email address', path: ['email'] }),
      receivedOn: day,
      channel: z.enum(DSR_CHANNELS),
      note: z.string().trim().max(2000).default(''),
    })
    .strict(),
  {
    type: 'Request',
    person: 'Person',
    'person.userId': 'Person',
    'person.email': "Person's email address",
    'person.name': "Person's name",
    receivedOn: 'Received on',
    channel: 'Received by',
    note: 'Note',
  },
);
export type LogRequestInput = z.output<typeof logRequestBody>;

export const extendBody = labelled(
  z.object({ months: z.union([z.literal(1), z.literal(2)]), reason: z.string().trim().min(10).max(500) }).strict(),
  { months: 'Extend by', reason: 'Reason for the extension' },
);

export const linkBody = labelled(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('erasure'), deletionId: idSchema }).strict(),
    z.object({ kind: z.literal('export'), auditId: idSchema }).strict(),
  ]),
  { kind: 'Answer', deletionId: 'Erasure', auditId: 'Export' },
);

export const closeBody = labelled(
  z
    .object({ outcome: z.enum(DSR_OUTCOMES), reason: z.string().trim().max(500).optional() })
    .strict()
    .refine((b) => b.outcome !== 'refused' || (b.reason ?? '').length >= 10, { message: 'say why the request is refused (at least 10 characters): the person must be told', path: ['reason'] }),
  { outcome: 'Outcome', reason: 'Reason for refusing' },
);
