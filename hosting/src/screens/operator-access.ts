import { html, nothing } from 'lit';
import { messageOf } from '../api';
import { confirmDialog, toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import { empty, when } from '../core/ui';
import '../components/operator-reads';
import type { OperatorAccessList, OperatorAccessView } from '../../../functions/src/api-types.js';

const STATE: Record<OperatorAccessView['state'], { words: string; badge: string }> = {
  pending: { words: 'Waiting for your decision', badge: 'scheduled' },
  lapsed: { words: 'Lapsed without a decision', badge: 'ended' },
  active: { words: 'Approved, active', badge: 'running' },
  expired: { words: 'Approved, expired', badge: 'ended' },
  denied: { words: 'Denied', badge: 'failed' },
  ended: { words: 'Ended early', badge: 'ended' },
};

/**
 * Herald's staff look into this organisation only with an owner's approval: owners see each
 * request (who, which areas, why, how long), approve or deny it, end an approval early, and see
 * every read made under it.
 */
export class OperatorAccess extends ScreenElement<{ busy: string | null }> {
  private readonly requests = new Resource(this, 'The operator access requests', async () => (await this.api<OperatorAccessList>('/operator-access')).requests);

  private async decide(r: OperatorAccessView, what: 'approve' | 'deny' | 'end'): Promise<void> {
    const who = r.operatorEmail ?? 'the Herald operator';
    const ask = {
      approve: { title: 'Approve this access?', body: `${who} may read ${r.areas.map((a) => a.label.toLowerCase()).join(', ')} ${r.readOnly ? '(read only)' : '(and make changes there)'} for ${r.hours} hours from now. Every read is recorded here and in the audit log. You can end it at any time.`, confirm: 'Approve', danger: false },
      deny: { title: 'Deny this request?', body: `${who} will not be able to look into your organisation for this request.`, confirm: 'Deny', danger: true },
      end: { title: 'End this access now?', body: `${who} loses access at once. What was read stays listed here.`, confirm: 'End access', danger: true },
    }[what];
    if (!(await confirmDialog(ask))) return;
    this.set({ busy: r.id });
    try {
      await this.api(`/operator-access/${encodeURIComponent(r.id)}/${what}`, { method: 'POST', json: {} });
      toast({ approve: `Approved: ${who} has access until ${when(new Date(Date.now() + r.hours * 3_600_000).toISOString())}.`, deny: `Denied: ${who} has no access.`, end: `Ended: ${who} no longer has access.` }[what]);
    } catch (err) {
      toast(messageOf(err));
    }
    this.set({ busy: null });
    await this.requests.reload();
  }

  override render() {
    return html`<h1>Operator access</h1>
      <p class="muted">Herald’s staff can look into your organisation’s data only when an owner approves their request here: only the areas you approve, only for the hours asked (at most 72), read-only unless the request says otherwise. Each read is listed under its approval and in the audit log.</p>
      ${this.requests.render((list) =>
        list.length === 0
          ? empty('No requests', 'No one at Herald has asked to look into your organisation. A request appears here when they do; nothing is readable until you approve it.')
          : html`<ul class="operator-requests" aria-label="Access requests">${list.map((r) => this.renderRequest(r))}</ul>`,
      )}`;
  }

  private renderRequest(r: OperatorAccessView) {
    const s = STATE[r.state];
    const busy = this.state.busy === r.id;
    return html`<li class="panel stack" data-testid="operator-request">
      <h2>${r.operatorEmail ?? 'A Herald operator'} <span class="badge ${s.badge}">${s.words}</span></h2>
      <dl class="facts">
        <dt>Areas</dt><dd>${r.areas.map((a) => a.label).join(', ')}</dd>
        <dt>Access</dt><dd>${r.readOnly ? 'Read only' : 'May make changes'}</dd>
        <dt>Why</dt><dd>${r.reason}</dd>
        <dt>How long</dt><dd>${r.hours} ${r.hours === 1 ? 'hour' : 'hours'} from approval</dd>
        <dt>Asked</dt><dd>${when(r.requestedAt)}</dd>
        ${r.decidedAt ? html`<dt>${r.state === 'denied' ? 'Denied' : 'Approved'}</dt><dd>${when(r.decidedAt)} by ${r.decidedByEmail ?? 'a former owner'}</dd>` : nothing}
        ${r.state === 'active' || r.state === 'expired' ? html`<dt>${r.state === 'active' ? 'Until' : 'Ended'}</dt><dd>${when(r.expiresAt)}</dd>` : nothing}
        ${r.endedAt ? html`<dt>Ended early</dt><dd>${when(r.endedAt)} by ${r.endedByEmail ?? 'a former owner'}</dd>` : nothing}
      </dl>
      ${r.state === 'pending'
        ? html`<div class="row">
            <button type="button" ?disabled=${busy} @click=${() => void this.decide(r, 'approve')}>Approve</button>
            <button type="button" class="danger" ?disabled=${busy} @click=${() => void this.decide(r, 'deny')}>Deny</button>
          </div>`
        : nothing}
      ${r.state === 'active' ? html`<div class="row"><button type="button" class="danger" ?disabled=${busy} @click=${() => void this.decide(r, 'end')}>End access now</button></div>` : nothing}
      ${r.decidedAt && r.state !== 'denied' ? html`<h3>What was read</h3><h-operator-reads .api=${this.api} .requestId=${r.id}></h-operator-reads>` : nothing}
    </li>`;
  }
}
customElements.define('h-operator-access', OperatorAccess);
