import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { addDays } from '../core/timestamps.js';

export const SIGNATURE_HEADER = 'x-herald-signature';
export const TIMESTAMP_HEADER = 'x-herald-timestamp';
/** How old (or early) a signed request may be. */
export const TOLERANCE_SECONDS = 300;

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`: what the sender computes (docs/privacy.md). */
export function signWebhook(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return 'v1=' + createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * Authenticates a webhook: signature over timestamp and raw body, timestamp within 5 minutes,
 * and each signature accepted once (remembered in `webhookNonces` for a day, longer than the
 * window). A legitimate retry is signed anew, so it is not a replay.
 */
export async function verifyWebhook(deps: Deps, headers: { signature?: string | undefined; timestamp?: string | undefined }, rawBody: Buffer): Promise<void> {
  if (!headers.signature || !headers.timestamp) throw new AppError('unauthenticated', `sign the request: send ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER}`);
  if (!/^\d{1,12}$/.test(headers.timestamp)) throw new AppError('unauthenticated', `${TIMESTAMP_HEADER} must be Unix seconds`);
  const timestamp = Number(headers.timestamp);
  const expected = Buffer.from(signWebhook(deps.config.webhookSecret, timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('unauthenticated', 'the signature does not match');
  const now = deps.now();
  if (Math.abs(now.getTime() / 1000 - timestamp) > TOLERANCE_SECONDS) throw new AppError('unauthenticated', 'the signed timestamp is outside the allowed window');

  const nonceId = createHash('sha256').update(headers.signature).digest('hex');
  try {
    await doc(deps.db, 'webhookNonces', { nonceId }).create({ receivedAt: now, expireAt: addDays(now, 1) });
  } catch (err) {
    if ((err as { code?: number }).code === 6) throw new AppError('conflict', 'this signed request was already received (replay)');
    throw err;
  }
}
