import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { DsrAnswerChoices, DsrChannel, DsrList, DsrOutcome, DsrType, DsrView, JobView, PurgeStarted, UserSearch } from '../../../functions/src/api-types.js';
import type { Api } from '../api';
import { confirmDialog, saveFile, toast } from '../core/dialog';
import { ConsoleElement } from '../core/element';
import { FormCheck } from '../core/form-check';
import { followJob } from '../core/jobs';
import { Resource } from '../core/resource';
import { empty, errorBox, jobProgress, plural } from '../core/ui';

/** The words of each request type, as people ask (GDPR articles in brackets). */
const TYPES: Record<DsrType, string> = {
  access: 'Access to their data (Art. 15)',
  rectification: 'Correction of their data (Art. 16)',
  erasure: 'Erasure of their data (Art. 17)',
  restriction: 'Restriction of processing (Art. 18)',
  portability: 'A copy to take elsewhere (Art. 20)',
  objection: 'Objection to processing (Art. 21)',
};
const SHORT: Record<DsrType, string> = { access: 'Access', rectification: 'Correction', erasure: 'Erasure', restriction: 'Restriction', portability: 'Portability', objection: 'Objection' };
const CHANNELS: Record<DsrChannel, string> = { email: 'Email', web_form: 'Web form', letter: 'Letter', phone: 'Phone', in_person: 'In person', other: 'Other' };
const OUTCOMES: Record<DsrOutcome, string> = { answered: 'Answered', no_data: 'No data held about them', refused: 'Refused (with the reason)', withdrawn: 'Withdrawn by the person' };

/** A calendar day in words, never shifted by the browser's time zone: "9 April 2026". */
export const dayWords = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** How close the deadline is, in words (the colour only repeats them). */
export function dueWords(due: NonNullable<DsrView['due']>): { text: string; badge: string } {
  const n = Math.abs(due.daysLeft);
  if (due.state === 'overdue') return { text: `Overdue by ${plural(n, 'day')}`, badge: 'failed' };
  if (due.state === 'due_today') return { text: 'Due today', badge: 'failed' };
  if (due.state === 'due_soon') return { text: `Due soon: in ${plural(n, 'day')}`, badge: 'scheduled' };
  return { text: `Due in ${plural(n, 'day')}`, badge: '' };
}

const personWords = (r: DsrView) =>
  r.person.detailsKept ? [r.person.name, r.person.email].filter(Boolean).join(' · ') : 'Name and address no longer kept (erased with the person, or a year after closing)';

interface State {
  logging: boolean;
  logError: unknown;
  open: string | null;
  busy: string | null;
  actionError: unknown;
  job: JobView | null;
  choices: DsrAnswerChoices | null;
  people: UserSearch['users'];
  /** Whether the admin left "Log a request" open (undefined: not touched yet). */
  logOpen: boolean;
}

/**
 * Requests from people about their data (GDPR Art. 15–22): log one, see what is due (open
 * requests by deadline, overdue and due within 7 days said in words), answer it with an export or
 * an erasure run from the request, extend it once, close it. On the Privacy screen; admins only.
 */
export class PrivacyRequests extends ConsoleElement<State> {
  @property({ attribute: false }) api!: Api;

  private readonly list = new Resource(this, 'The requests from people', () => this.api<DsrList>('/privacy/requests'));
  private readonly check = new FormCheck(this);

  private async log(ev: Event): Promise<void> {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    if (!this.check.check(form)) return;
    const data = new FormData(form);
    const email = String(data.get('person.email') ?? '').trim();
    const name = String(data.get('person.name') ?? '').trim();
    this.set({ logging: true, logError: null });
    try {
      const logged = await this.api<DsrView>('/privacy/requests', {
        method: 'POST',
        json: { type: data.get('type'), person: { email, ...(name ? { name } : {}) }, receivedOn: data.get('receivedOn'), channel: data.get('channel'), note: String(data.get('note') ?? '') },
      });
      form.reset();
      this.check.clear();
      toast(`Request logged: answer it by ${dayWords(logged.deadline)}.`);
      await this.list.reload();
    } catch (err) {
      if (!this.check.fromApi(err, form)) this.set({ logError: err });
    }
    this.set({ logging: false });
  }

  private async findPeople(q: string): Promise<void> {
    if (q.trim().length < 2 || q.includes('@')) return;
    try {
      const r = await this.api<UserSearch>(`/directory/search?${new URLSearchParams({ q: q.trim() })}`);
      this.set({ people: r.users.slice(0, 8) });
    } catch {
      // Suggestions only: typing the address still works.
    }
  }

  /** Runs one action on a request, shows its problem under the request, and reloads the list. */
  private async act(id: string, what: string, run: () => Promise<unknown>): Promise<void> {
    this.set({ busy: `${id}:${what}`, actionError: null });
    try {
      await run();
      await this.list.reload();
    } catch (err) {
      this.set({ actionError: err });
    }
    this.set({ busy: null });
  }

  private exportData(r: DsrView) {
    return this.act(r.id, 'export', async () => {
      const data = await this.api<unknown>(`/privacy/requests/${r.id}/export`, { method: 'POST', json: {} });
      saveFile(JSON.stringify(data, null, 2), `personal-data-${r.receivedOn}.json`, 'application/json');
      toast('Export downloaded and linked to the request. Send the file to the person.');
    });
  }

  private async erase(r: DsrView) {
    const who = r.person.name || r.person.email || 'this person';
    const ok = await confirmDialog({ title: 'Erase for good?', body: `Erase all data Herald holds about ${who}? This cannot be undone; a certificate records what was erased, and the request keeps the proof.`, confirm: 'Erase', danger: true });
    if (!ok) return;
    await this.act(r.id, 'erase', async () => {
      const { jobId } = await this.api<PurgeStarted>(`/privacy/requests/${r.id}/erase`, { method: 'POST', json: {} });
      const job = await followJob(this.api, jobId, (j) => this.set({ job: j }));
      if (job.status === 'done') toast('Erasure done and linked to the request.');
    });
  }

  private extend(r: DsrView, ev: Event) {
    ev.preventDefault();
    const data = new FormData(ev.target as HTMLFormElement);
    return this.act(r.id, 'extend', async () => {
      const updated = await this.api<DsrView>(`/privacy/requests/${r.id}/extend`, { method: 'POST', json: { months: Number(data.get('months')), reason: String(data.get('reason') ?? '') } });
      toast(`Deadline extended to ${dayWords(updated.deadline)}. Tell the person, with the reason, before ${dayWords(r.originalDeadline)}.`);
    });
  }

  private async loadChoices(r: DsrView) {
    this.set({ choices: null });
    try {
      this.set({ choices: await this.api<DsrAnswerChoices>(`/privacy/requests/${r.id}/answers`) });
    } catch (err) {
      this.set({ actionError: err });
    }
  }

  private link(r: DsrView, ev: Event) {
    ev.preventDefault();
    const value = String(new FormData(ev.target as HTMLFormElement).get('answer') ?? '');
    if (!value) return this.set({ actionError: new Error('Choose an earlier export or erasure to link.') });
    const [kind, id] = value.split(':') as ['export' | 'erasure', string];
    return this.act(r.id, 'link', async () => {
      await this.api(`/privacy/requests/${r.id}/link`, { method: 'POST', json: kind === 'export' ? { kind, auditId: id } : { kind, deletionId: id } });
      toast('Linked to the request.');
    });
  }

  private close(r: DsrView, ev: Event) {
    ev.preventDefault();
    const data = new FormData(ev.target as HTMLFormElement);
    const outcome = String(data.get('outcome')) as DsrOutcome;
    const reason = String(data.get('reason') ?? '').trim();
    return this.act(r.id, 'close', async () => {
      await this.api(`/privacy/requests/${r.id}/close`, { method: 'POST', json: { outcome, ...(reason ? { reason } : {}) } });
      this.set({ open: null });
      toast('Request closed. Its record is kept three years as proof.');
    });
  }

  override render() {
    return html`<section class="panel" aria-labelledby="dsr-title" data-testid="privacy-requests">
      <h2 id="dsr-title">Requests from people</h2>
      <p class="muted">When someone asks about their data, log it here. You have one month from the day you received it to answer (GDPR Art. 12(3)); Herald counts it and shows what is due.</p>
      ${this.list.render((l) => this.renderDue(l), 'Loading the requests…')}
      ${this.renderLogForm()}
      ${this.list.value?.closed.length ? this.renderClosed(this.list.value.closed) : nothing}
    </section>`;
  }

  private renderDue(l: DsrList) {
    if (l.open.length === 0) return empty('Nothing due', 'No request from a person is open. Log one below when it arrives.');
    const late = l.open.filter((r) => r.due?.state === 'overdue').length;
    const soon = l.open.filter((r) => r.due && r.due.state !== 'overdue' && r.due.state !== 'on_time').length;
    return html`<h3>What is due</h3>
      <p data-testid="dsr-summary">${l.moreOpen ? 'More than ' : ''}${plural(l.open.length, 'open request')}${late ? html`, <strong>${late} overdue</strong>` : nothing}${soon ? html`, <strong>${soon} due within 7 days</strong>` : nothing}.</p>
      <ol class="dsr-list" data-testid="dsr-due">${l.open.map((r) => this.renderRequest(r))}</ol>
      ${l.moreOpen ? html`<p class="muted">These are the ${l.open.length} soonest deadlines; close answered requests to see the rest.</p>` : nothing}`;
  }

  private renderRequest(r: DsrView) {
    const due = dueWords(r.due!);
    const expanded = this.state.open === r.id;
    return html`<li class="dsr-item" data-testid="dsr-request">
      <div class="dsr-head">
        <span class="badge ${due.badge}" data-testid="dsr-due-words">${due.text}</span>
        <strong>${SHORT[r.type]}</strong>
        <span class="dsr-person">${personWords(r)}</span>
      </div>
      <p class="muted">Received ${dayWords(r.receivedOn)} by ${CHANNELS[r.channel].toLowerCase()} · answer by <strong>${dayWords(r.deadline)}</strong>${r.extension ? ` (extended by ${plural(r.extension.months, 'month')}: ${r.extension.reason})` : ''}</p>
      ${r.links.length ? html`<p>${r.links.map((k) => this.linkWords(k))}</p>` : nothing}
      <button type="button" class="secondary" aria-expanded=${expanded ? 'true' : 'false'} @click=${() => { this.set({ open: expanded ? null : r.id, actionError: null, choices: null, job: null }); if (!expanded) void this.loadChoices(r); }}>
        ${expanded ? 'Hide' : 'Answer or close'}<span class="visually-hidden"> the ${SHORT[r.type].toLowerCase()} request received ${dayWords(r.receivedOn)}</span></button>
      ${expanded ? this.renderActions(r) : nothing}
    </li>`;
  }

  private linkWords(k: DsrView['links'][number]) {
    const when = k.at ? dayWords(k.at.slice(0, 10)) : '';
    if (k.kind === 'export') return html`<span class="badge">Export ${when}${k.how === 'by_hand' ? ' (linked by hand)' : ''}</span> `;
    const status = k.erasure?.status === 'done' ? (k.erasure.verified ? 'done, verified' : 'done') : k.erasure?.status === 'running' ? 'running' : 'certificate expired';
    return html`<span class="badge">Erasure ${when}: ${status}${k.how === 'by_hand' ? ' (linked by hand)' : ''}</span> ${k.deletionId && k.erasure?.status !== 'missing' ? html`<a href="/privacy/deletions/${k.deletionId}">Certificate</a> ` : nothing}`;
  }

  private renderActions(r: DsrView) {
    const s = this.state;
    const busy = (what: string) => s.busy === `${r.id}:${what}`;
    const choices = s.choices;
    return html`<div class="stack" data-testid="dsr-actions">
      <div class="row">
        ${r.person.inDirectory ? html`<button type="button" ?disabled=${busy('export')} @click=${() => void this.exportData(r)}>${busy('export') ? 'Exporting…' : 'Export their data'}</button>` : nothing}
        ${r.type === 'erasure' && (r.person.inDirectory || r.person.detailsKept) ? html`<button type="button" class="danger" ?disabled=${busy('erase')} @click=${() => void this.erase(r)}>Erase their data</button>` : nothing}
      </div>
      ${r.type === 'rectification' && r.person.userId ? html`<p><a href="/directory/users/${r.person.userId}">Correct their record in the directory</a>, then close the request as answered.</p>` : nothing}
      ${!r.person.inDirectory ? html`<p class="muted">This person is not in your directory: Herald holds no directory data about them${r.type === 'erasure' ? ', only clicks they may have made on tracked links, which “Erase their data” removes' : ''}.</p>` : nothing}
      ${jobProgress(s.job, 'Erasure')}
      ${choices && (choices.exports.length || choices.erasures.length)
        ? html`<form class="row" @submit=${(ev: Event) => void this.link(r, ev)}>
            <label class="grow">Link an earlier answer
              <select name="answer">
                <option value="">Choose…</option>
                ${choices.exports.map((e) => html`<option value="export:${e.auditId}">Export of their data, ${e.at ? new Date(e.at).toLocaleString() : ''}</option>`)}
                ${choices.erasures.map((e) => html`<option value="erasure:${e.deletionId}">Erasure of ${e.kind === 'users' ? plural(e.people, 'person', 'people') : 'a recipient'}, ${e.requestedAt ? new Date(e.requestedAt).toLocaleString() : ''} (${e.status === 'done' ? 'done' : 'running'})</option>`)}
              </select></label>
            <button type="submit" class="secondary" ?disabled=${busy('link')}>Link</button>
          </form>`
        : nothing}
      ${r.mayExtend
        ? html`<form class="row" @submit=${(ev: Event) => void this.extend(r, ev)}>
            <label>Extend by <select name="months"><option value="2">2 months</option><option value="1">1 month</option></select></label>
            <label class="grow">Reason told to the person (no personal details: it is kept as proof)
              <input name="reason" required minlength="10" maxlength="500" placeholder="Many requests arrived together" /></label>
            <button type="submit" class="secondary" ?disabled=${busy('extend')}>Extend deadline</button>
          </form>`
        : html`<p class="muted">${r.extension ? 'The deadline was extended once, the most the law allows.' : 'The first month is over: the deadline can no longer be extended.'}</p>`}
      <form class="row" @submit=${(ev: Event) => void this.close(r, ev)}>
        <label>Outcome <select name="outcome">${(Object.keys(OUTCOMES) as DsrOutcome[]).map((o) => html`<option value=${o}>${OUTCOMES[o]}</option>`)}</select></label>
        <label class="grow">Why it is refused, if it is (kept as proof: no personal details)
          <input name="reason" maxlength="500" /></label>
        <button type="submit" ?disabled=${busy('close')}>Close request</button>
      </form>
      ${s.actionError ? errorBox(s.actionError) : nothing}
    </div>`;
  }

  private renderLogForm() {
    const s = this.state;
    const c = this.check;
    // The admin's own calendar day (the API accepts up to tomorrow in UTC for the same reason).
    const today = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    // Open at first when nothing is due; then as the admin left it (a reload never folds it away).
    const open = s.logOpen ?? this.list.value?.open.length === 0;
    return html`<details class="dsr-log" .open=${open} @toggle=${(ev: Event) => this.set({ logOpen: (ev.target as HTMLDetailsElement).open })}>
      <summary>Log a request</summary>
      <form class="stack" novalidate @submit=${(ev: Event) => void this.log(ev)} @input=${c.onInput} @change=${c.onInput}>
        ${c.summary()}
        <label>Request
          <select name="type" required aria-describedby="err-dsr-type" aria-invalid=${c.invalid('type')}>
            <option value="">Choose…</option>
            ${(Object.keys(TYPES) as DsrType[]).map((t) => html`<option value=${t}>${TYPES[t]}</option>`)}
          </select>
          ${c.field('type', 'err-dsr-type')}</label>
        <label>Person's email address
          <input name="person.email" type="email" required data-what="the person's email address" list="dsr-people" autocomplete="off" aria-describedby="err-dsr-email" aria-invalid=${c.invalid('person.email')}
            @input=${(ev: Event) => void this.findPeople((ev.target as HTMLInputElement).value)} />
          <datalist id="dsr-people">${(s.people ?? []).map((p) => html`<option value=${p.email} label=${`${p.firstName} ${p.lastName}`.trim()}></option>`)}</datalist>
          <span class="muted">Type a name to pick someone from your directory, or any address.</span>
          ${c.field('person.email', 'err-dsr-email')}</label>
        <label>Person's name (if they are not in your directory)
          <input name="person.name" maxlength="200" autocomplete="off" aria-describedby="err-dsr-name" />
          ${c.field('person.name', 'err-dsr-name')}</label>
        <div class="row">
          <label>Received on
            <input name="receivedOn" type="date" required data-what="the day you received the request" max=${today} value=${today} aria-describedby="err-dsr-received" aria-invalid=${c.invalid('receivedOn')} />
            ${c.field('receivedOn', 'err-dsr-received')}</label>
          <label>Received by
            <select name="channel" required aria-describedby="err-dsr-channel" aria-invalid=${c.invalid('channel')}>
              ${(Object.keys(CHANNELS) as DsrChannel[]).map((ch) => html`<option value=${ch}>${CHANNELS[ch]}</option>`)}
            </select>
            ${c.field('channel', 'err-dsr-channel')}</label>
        </div>
        <label>Note (what they asked, in a few words)
          <textarea name="note" rows="2" maxlength="2000" aria-describedby="err-dsr-note"></textarea>
          ${c.field('note', 'err-dsr-note')}</label>
        <div class="row"><button type="submit" ?disabled=${s.logging}>${s.logging ? 'Logging…' : 'Log request'}</button></div>
        ${s.logError ? errorBox(s.logError) : nothing}
      </form>
    </details>`;
  }

  private renderClosed(closed: DsrView[]) {
    return html`<details class="dsr-closed">
      <summary>Closed requests (${closed.length})</summary>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Closed requests"><table data-testid="dsr-closed">
        <thead><tr><th scope="col">Request</th><th scope="col">Person</th><th scope="col">Received</th><th scope="col">Deadline</th><th scope="col">Closed</th><th scope="col">Outcome</th></tr></thead>
        <tbody>${closed.map(
          (r) => html`<tr><td>${SHORT[r.type]}</td><td>${personWords(r)}</td><td>${dayWords(r.receivedOn)}</td><td>${dayWords(r.deadline)}</td>
            <td>${r.closedAt ? dayWords(r.closedAt.slice(0, 10)) : '—'}${r.closedAt && r.closedAt.slice(0, 10) > r.deadline ? html` <strong>(late)</strong>` : nothing}</td>
            <td>${OUTCOMES[r.outcome!] ?? '—'}${r.outcomeReason ? `: ${r.outcomeReason}` : ''}</td></tr>`,
        )}</tbody></table></div>
    </details>`;
  }
}
customElements.define('h-privacy-requests', PrivacyRequests);
