import { createHmac } from 'node:crypto';
import type { Config } from '../core/config.js';
import { hashRecipient } from '../tracking/recipient-seal.js';

/**
 * The keyed hash of an external recipient's email address: how recipient clicks are stored and how
 * a recipient purge finds them. One function for both (the tracking code writes with it), keyed
 * with RECIPIENT_KEYS' `hashKey`, which never rotates.
 */
export function recipientHash(config: Pick<Config, 'recipientKeys'>, email: string): string {
  return hashRecipient(config.recipientKeys, email);
}

/**
 * A stable pseudonym for an id that must leave a kept record (audit entries of a purged user):
 * the same id always gives the same pseudonym within a tenant, so the trail stays coherent, and
 * without the key it cannot be traced back. Same key as the recipient hash, separate domain.
 */
export function pseudonym(config: Pick<Config, 'recipientKeys'>, tenantId: string, id: string): string {
  return 'pseudo_' + createHmac('sha256', Buffer.from(config.recipientKeys.hashKey, 'base64')).update(`pseudonym:${tenantId}:${id}`).digest('hex').slice(0, 24);
}
