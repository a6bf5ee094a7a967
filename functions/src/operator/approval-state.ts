import type { OperatorAccessDoc } from '../core/schemas/operator-access.js';
import { OPERATOR_REQUEST_PENDING_HOURS } from '../core/schemas/operator-access.js';
import { toIso } from '../core/timestamps.js';

/**
 * Where a request stands now, from its stored status and the clock: an approval past its end is
 * `expired` and a request nobody decided on within OPERATOR_REQUEST_PENDING_HOURS is `lapsed`
 * without anything rewriting the record. Every check (the operator routes' gate, the owners'
 * decisions, the console's list) reads the state from here.
 */
export type AccessState = 'pending' | 'lapsed' | 'active' | 'expired' | 'denied' | 'ended';

export function accessState(d: Pick<OperatorAccessDoc, 'status' | 'requestedAt' | 'expiresAt'>, now: Date): AccessState {
  if (d.status === 'denied' || d.status === 'ended') return d.status;
  if (d.status === 'pending') {
    const requested = millis(d.requestedAt);
    return requested !== null && requested + OPERATOR_REQUEST_PENDING_HOURS * 3_600_000 > now.getTime() ? 'pending' : 'lapsed';
  }
  const ends = millis(d.expiresAt);
  return ends !== null && ends > now.getTime() ? 'active' : 'expired';
}

function millis(value: unknown): number | null {
  const iso = toIso(value);
  return iso ? Date.parse(iso) : null;
}
