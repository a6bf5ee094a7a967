import type { Deps } from '../core/deps.js';

/** A mail to a tenant's owners, idempotent by kind + ref (the alerts area's mail outbox delivers it). */
export interface OwnerMail {
  kind: string;
  ref: string;
  subject: string;
  text: string;
}

/** The shape of `queueOwnerMail` in functions/src/mail/: queue one mail to the tenant's owners. */
export type QueueOwnerMail = (deps: Deps, tenantId: string, mail: OwnerMail) => Promise<unknown>;
