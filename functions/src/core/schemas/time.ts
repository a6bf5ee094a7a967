import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import * as z from 'zod';

/** A stored time: written as a Date or Timestamp (or a server timestamp), read back as a Timestamp. */
export const zTime = z.union([z.instanceof(Date), z.instanceof(Timestamp), z.custom<FieldValue>((v) => v instanceof FieldValue)]);
