import { createHmac } from 'node:crypto';
import type { Config } from '../config.js';

/**
 * The keyed hash of an external recipient's email address: how recipient clicks are stored and how
 * a recipient purge finds them. Keyed (HMAC-SHA256 with RECIPIENT_HASH_KEY), so a leaked database
 * cannot be matched against a list of addresses; stable, so the key never rotates.
 */
export function recipientHash(config: Pick<Config, 'recipientHashKey'>, email: string): string {
  return createHmac('sha256', Buffer.from(config.recipientHashKey, 'base64')).update(email.trim().toLowerCase()).digest('hex');
}

/**
 * A stable pseudonym for an id that must leave a kept record (audit entries of a purged user):
 * the same id always gives the same pseudonym within a tenant, so the trail stays coherent, and
 * without the key it cannot be traced back.
 */
export function pseudonym(config: Pick<Config, 'recipientHashKey'>, tenantId: string, id: string): string {
  return 'pseudo_' + createHmac('sha256', Buffer.from(config.recipientHashKey, 'base64')).update(`pseudonym:${tenantId}:${id}`).digest('hex').slice(0, 24);
}
