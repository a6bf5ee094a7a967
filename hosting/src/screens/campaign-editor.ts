import { html, nothing } from 'lit';
import '../components/group-picker';
import { parseGroups } from '../components/group-picker';
import '../components/signature-preview';
import '../components/image-upload';
import '../components/ab-test-panel';
import '../components/tag-preview';
import type { TagRequest } from '../components/tag-preview';
import type { ImageChange } from '../components/image-upload';
import { ApiError, messageOf } from '../api';
import { confirmDialog, toast } from '../core/dialog';
import { directoryGroups, inTarget } from '../core/directory-groups';
import { ScreenElement } from '../core/element';
import { navigate } from '../core/router';
import { FormCheck } from '../core/form-check';
import { Resource } from '../core/resource';
import type { CampaignSaved, CampaignView, NotificationReport, UserSignature, UserView } from '../../../functions/src/api-types.js';
import { errorBox, formError, pct } from '../core/ui';
import { hasRole } from '../roles';
import { campaignStatus } from './campaigns';

interface State {
  saving: boolean;
  error: unknown;
  draftImage: string;
  draftDestination: string;
  preview: string | null;
  previewUser: UserView | null;
  /** The target groups as typed now (null: as saved), so "As" offers only the people they reach. */
  targets: string[] | null;
  /** The person chosen in "As" (an id); empty: the first person of the target. */
  asUserId: string;
  /** The fields the tagged-address example follows, as typed now (null: as saved). */
  tagFields: TagFields | null;
}

/** The campaign's own tags and what the tagged-address example needs, as typed in the form. */
interface TagFields {
  name: string;
  destinationUrl: string;
  source: string;
  medium: string;
  campaign: string;
}

const TAG_INPUTS = new Set(['name', 'destinationUrl', 'utmSource', 'utmMedium', 'utmCampaign']);

/** "2026-04-01T09:00" in the browser's zone ↔ ISO. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : null);

/** Create or edit a banner or notification campaign; schedule, pause, resume, delete; its results. */
export class CampaignEditor extends ScreenElement<State> {
  private readonly campaign = new Resource<CampaignView | null>(this, 'This campaign', async () => {
    const id = this.params.campaignId;
    const c = id ? await this.api<CampaignView>(`/campaigns/${encodeURIComponent(id)}`) : null;
    if (c?.banner) this.set({ draftImage: c.banner.imageUrl, draftDestination: c.banner.destinationUrl });
    return c;
  });
  private readonly directory = new Resource(this, "The directory's people and groups", () => (hasRole(this.ctx.me.role, 'editor') ? directoryGroups(this.api, hasRole(this.ctx.me.role, 'admin')) : Promise.resolve({ groups: [], counts: [], users: [] as UserView[] })));
  private readonly report = new Resource<NotificationReport | null>(this, "The campaign's results", async () => {
    const id = this.params.campaignId;
    if (!id) return null;
    return this.api<NotificationReport>(`/campaigns/${encodeURIComponent(id)}/notification-report`).catch(() => null);
  });

  private readonly form = new FormCheck(this);

  private get testRunning(): boolean {
    const t = this.campaign.value?.abTest;
    return !!t && !t.endedAt;
  }

  private get kind(): 'banner' | 'notification' {
    return this.campaign.value?.kind ?? (this.query.get('kind') === 'notification' ? 'notification' : 'banner');
  }

  private body(form: HTMLFormElement): Record<string, unknown> {
    const d = new FormData(form);
    const str = (k: string) => String(d.get(k) ?? '').trim();
    const body: Record<string, unknown> = {
      name: str('name'),
      startAt: fromLocalInput(str('startAt')) ?? new Date().toISOString(),
      endAt: fromLocalInput(str('endAt')),
      targetGroups: parseGroups(str('targetGroups')),
      priority: Number(str('priority') || 50),
    };
    if (this.kind === 'banner') {
      // While an A/B test runs its variants are the banner: they change in the test's panel.
      if (!this.testRunning) body.banner = { imageUrl: str('imageUrl'), destinationUrl: str('destinationUrl'), alt: str('alt') };
      // The campaign's own tags; empty ones take the company's defaults.
      const utm = Object.fromEntries(
        (
          [
            ['source', str('utmSource')],
            ['medium', str('utmMedium')],
            ['campaign', str('utmCampaign')],
          ] as const
        ).filter(([, v]) => v),
      );
      if (Object.keys(utm).length) body.utm = utm;
      else if (this.campaign.value?.utm) body.utm = null;
    } else {
      body.notification = {
        title: str('title'),
        body: str('body'),
        linkUrl: str('linkUrl') || null,
        videoUrl: str('videoUrl') || null,
        tracking: { seen: d.get('track-seen') === 'on', clicked: d.get('track-clicked') === 'on', liked: d.get('track-liked') === 'on' },
      };
    }
    return body;
  }

  private async save(ev: Event, status: 'draft' | 'active' | null): Promise<void> {
    ev.preventDefault();
    const form = (ev.target as HTMLElement).closest('form')!;
    if (!this.form.check(form)) return this.set({ error: null });
    const body = this.body(form);
    const existing = this.campaign.value;
    this.set({ saving: true, error: null });
    try {
      if (existing) {
        const c = await this.api<CampaignSaved>(`/campaigns/${existing.id}`, { method: 'PATCH', json: { ...body, ...(status ? { status } : {}) } });
        this.campaign.value = c;
        this.set({ tagFields: null });
        toast('Campaign saved.');
      } else {
        const c = await this.api<CampaignSaved>('/campaigns', { method: 'POST', json: { kind: this.kind, status: status ?? 'active', ...body } });
        toast('Campaign created.');
        navigate(`/campaigns/${c.id}`, true);
      }
      this.form.clear();
    } catch (err) {
      this.set({ error: this.form.fromApi(err, form) ? null : err });
    }
    this.set({ saving: false });
  }

  private async setStatus(status: 'active' | 'archived'): Promise<void> {
    const c = this.campaign.value!;
    this.set({ saving: true, error: null });
    try {
      this.campaign.value = await this.api<CampaignSaved>(`/campaigns/${c.id}`, { method: 'PATCH', json: { status } });
      toast(status === 'archived' ? 'Campaign paused: signatures no longer show it.' : 'Campaign resumed.');
    } catch (err) {
      this.set({ error: err });
    }
    this.set({ saving: false });
  }

  private async deleteCampaign(): Promise<void> {
    const c = this.campaign.value!;
    if (!(await confirmDialog({ title: `Delete “${c.name}”?`, body: 'The campaign goes, and a purge job erases its counters and receipts. Links already sent go to the fallback URL.', confirm: 'Delete campaign', danger: true }))) return;
    try {
      await this.api(`/campaigns/${c.id}`, { method: 'DELETE' });
      toast('Campaign deleted.');
      navigate('/campaigns');
    } catch (err) {
      this.set({ error: err });
    }
  }

  /** A real directory user's current signature, with this banner in place of the one it shows now. */
  private async previewBanner(): Promise<void> {
    const { draftImage, draftDestination } = this.state;
    const dir = this.directory.value;
    if (!draftImage || !dir) return;
    // Only someone the campaign reaches: never a person outside its target groups.
    const reached = this.reached();
    const user = reached.find((u) => u.id === this.state.asUserId) ?? reached[0];
    if (!user) return this.set({ preview: null, previewUser: null });
    try {
      const s = await this.api<UserSignature>(`/users/${user.id}/signature`);
      const doc = new DOMParser().parseFromString(s.html, 'text/html');
      const img = [...doc.images].find((i) => /\/v\//.test(i.getAttribute('src') ?? ''));
      const banner = Object.assign(doc.createElement('img'), { src: draftImage, alt: '', width: 600 });
      banner.style.cssText = 'display:block;max-width:100%;height:auto;border:0';
      const link = Object.assign(doc.createElement('a'), { href: draftDestination || '#' });
      link.append(banner);
      if (img) (img.closest('a') ?? img).replaceWith(link);
      else doc.body.append(link);
      this.set({ preview: doc.body.innerHTML, previewUser: user });
    } catch (err) {
      toast(messageOf(err));
    }
  }

  private readonly onInput = (ev: Event): void => {
    this.form.onInput(ev);
    const form = ev.currentTarget as HTMLFormElement;
    if (this.kind !== 'banner' || !TAG_INPUTS.has((ev.target as HTMLInputElement).name)) return;
    const d = new FormData(form);
    const str = (k: string) => String(d.get(k) ?? '').trim();
    this.set({ tagFields: { name: str('name'), destinationUrl: str('destinationUrl'), source: str('utmSource'), medium: str('utmMedium'), campaign: str('utmCampaign') } });
  };

  /** What the tagged-address example shows: each variant's link during a test, else the banner's (with the kept variant after a test). */
  private tagRequest(c: CampaignView | null): TagRequest | null {
    const f = this.state.tagFields ?? {
      name: c?.name ?? '',
      destinationUrl: c?.banner?.destinationUrl ?? '',
      source: c?.utm?.source ?? '',
      medium: c?.utm?.medium ?? '',
      campaign: c?.utm?.campaign ?? '',
    };
    const test = c?.abTest;
    const links = test && !test.endedAt
      ? test.variants.map((v) => ({ destinationUrl: v.banner.destinationUrl, variantId: v.id, label: v.name }))
      : [{ destinationUrl: f.destinationUrl, variantId: test?.winnerId ?? null, label: '' }];
    if (!f.name || !links.every((l) => /^https?:\/\/[^\s/]+/.test(l.destinationUrl))) return null;
    const utm = Object.fromEntries(Object.entries({ source: f.source, medium: f.medium, campaign: f.campaign }).filter(([, v]) => v));
    return { name: f.name, ...(Object.keys(utm).length ? { utm } : {}), links };
  }

  /** The target groups as typed now, or as saved. */
  private targets(): string[] {
    return this.state.targets ?? [...(this.campaign.value?.targetGroups ?? [])];
  }

  /** The directory's people this campaign reaches with its current target. */
  private reached(): UserView[] {
    return inTarget(this.directory.value?.users ?? [], this.targets());
  }

  override render() {
    return html`<p><a href="/campaigns">← Campaigns</a></p>${this.campaign.render((c) => this.renderForm(c))}`;
  }

  private renderForm(c: CampaignView | null) {
    const kind = this.kind;
    const editor = hasRole(this.ctx.me.role, 'editor');
    const { saving, error } = this.state;
    const e = (f: string) => this.form.field(f, `err-${f.replace('.', '-')}`);
    const d = (f: string) => `err-${f.replace('.', '-')}`;
    const groups = this.directory.value?.groups ?? [];
    const counts = this.directory.value?.counts ?? [];
    const status = c ? campaignStatus(c) : null;
    return html`
      <div class="title-row"><h1>${c ? c.name : kind === 'banner' ? 'New banner campaign' : 'New notification'}</h1>
        ${status ? html`<span class="badge ${status}" data-testid="campaign-status">${status}</span>` : nothing}</div>
      ${c && editor
        ? html`<div class="row">
            ${c.status === 'archived'
              ? html`<button type="button" class="secondary" ?disabled=${saving} @click=${() => void this.setStatus('active')}>Resume</button>`
              : html`<button type="button" class="secondary" ?disabled=${saving} @click=${() => void this.setStatus('archived')}>Pause</button>`}
            <button type="button" class="danger" ?disabled=${saving} @click=${() => void this.deleteCampaign()}>Delete</button>
            ${kind === 'banner' ? html`<a href="/reports?campaign=${c.id}">Results</a>` : nothing}
          </div>`
        : nothing}
      <form class="stack wide" novalidate @submit=${(ev: Event) => void this.save(ev, null)} @input=${this.onInput} @change=${this.onInput}>
        ${this.form.summary()}
        ${formError(error, ['name', 'startAt', 'endAt', 'targetGroups', 'priority', 'banner', 'notification', 'status', 'utm'])}
        <fieldset ?disabled=${!editor}>
          <legend>Campaign</legend>
          <label>Name <input name="name" required data-what="a name for the campaign" .value=${c?.name ?? ''} aria-describedby=${d('name')} aria-invalid=${this.form.invalid('name')} />${e('name')}</label>
          <div class="grid2">
            <label>Starts <input type="datetime-local" name="startAt" .value=${toLocalInput(c?.startAt ?? new Date().toISOString())} aria-describedby=${d('startAt')} aria-invalid=${this.form.invalid('startAt')} />${e('startAt')}</label>
            <label>Ends (empty: until paused) <input type="datetime-local" name="endAt" .value=${toLocalInput(c?.endAt ?? null)} aria-describedby=${d('endAt')} aria-invalid=${this.form.invalid('endAt')} />${e('endAt')}</label>
          </div>
          <h-group-picker .value=${c?.targetGroups ?? []} .suggestions=${groups} .counts=${counts} describedBy=${d('targetGroups')}
            @input=${(ev: Event) => this.set({ targets: parseGroups((ev.target as HTMLInputElement).value ?? ''), asUserId: '', preview: null })}></h-group-picker>${e('targetGroups')}
          <label>Priority (0–100; the highest running campaign wins, equal ones rotate)
            <input type="number" name="priority" min="0" max="100" .value=${String(c?.priority ?? 50)} aria-describedby=${d('priority')} aria-invalid=${this.form.invalid('priority')} />${e('priority')}</label>
        </fieldset>
        ${kind === 'banner' ? html`${this.renderBanner(c, e, d)}${this.renderTags(c, e, d)}` : this.renderNotification(c, e, d)}
        ${editor
          ? html`<div class="row">
              <button type="submit" ?disabled=${saving}>${saving ? 'Saving…' : c ? 'Save changes' : 'Create campaign'}</button>
              ${!c ? html`<button type="button" class="secondary" ?disabled=${saving} @click=${(ev: Event) => void this.save(ev, 'draft')}>Save as draft</button>` : nothing}
            </div>`
          : nothing}
      </form>
      ${c && kind === 'notification' ? this.renderNotificationReport() : nothing}
      ${c && kind === 'banner'
        ? html`<h-ab-test-panel .api=${this.api} .campaign=${c} .editor=${editor}
            @campaign-change=${(ev: CustomEvent<CampaignView>) => {
              // A test started or ended changes the banner's links: the example follows the saved campaign.
              this.campaign.value = ev.detail;
              this.set({ tagFields: null });
            }}></h-ab-test-panel>`
        : nothing}
    `;
  }

  private renderBanner(c: CampaignView | null, e: (f: string) => unknown, d: (f: string) => string) {
    const admin = hasRole(this.ctx.me.role, 'admin');
    if (this.testRunning) {
      return html`<fieldset><legend>Banner</legend>
        <p class="muted" data-testid="banner-under-test">An A/B test is running: each employee shows one of its variants (below). End the test to keep one as the banner.</p></fieldset>`;
    }
    return html`<fieldset ?disabled=${!hasRole(this.ctx.me.role, 'editor')}>
      <legend>Banner</legend>
      <h-image-upload name="imageUrl" label="Banner image" hint="600 × 150 pixels works in every mail app" .api=${this.api} .value=${this.state.draftImage ?? c?.banner?.imageUrl ?? ''} describedBy=${d('banner.imageUrl')}
        required what="the image's web address" field="banner.imageUrl" .invalid=${this.form.invalid('banner.imageUrl')}
        @image-change=${(ev: CustomEvent<ImageChange>) => this.set({ draftImage: ev.detail.url })}></h-image-upload>${e('banner.imageUrl')}
      <label>Where a click goes <input type="url" name="destinationUrl" required data-what="where a click goes" placeholder="https://www.acme.example/offer" .value=${c?.banner?.destinationUrl ?? ''} aria-describedby=${d('banner.destinationUrl')} aria-invalid=${this.form.invalid('banner.destinationUrl')} data-field="banner.destinationUrl"
          @change=${(ev: Event) => this.set({ draftDestination: (ev.target as HTMLInputElement).value.trim() })} />${e('banner.destinationUrl')}</label>
      <label>Alternative text (read aloud, shown when images are blocked) <input name="alt" .value=${c?.banner?.alt ?? ''} aria-describedby=${d('banner.alt')} aria-invalid=${this.form.invalid('banner.alt')} data-field="banner.alt" />${e('banner.alt')}</label>
      ${admin
        ? html`${this.renderAs()}<div class="row"><button type="button" class="secondary" ?disabled=${!this.state.draftImage || !this.reached().length} @click=${() => void this.previewBanner()}>Preview in a signature</button></div>
          ${this.state.preview
            ? html`<p class="muted">The signature of ${this.state.previewUser?.firstName} ${this.state.previewUser?.lastName}, with this banner:</p><h-signature-preview .html=${this.state.preview} label="Banner preview"></h-signature-preview>`
            : nothing}`
        : nothing}
    </fieldset>`;
  }

  /** The campaign's own tags for web analytics (UTM), over the company's defaults, and the address a click then opens. */
  private renderTags(c: CampaignView | null, e: (f: string) => unknown, d: (f: string) => string) {
    const defaults = this.ctx.tenant.settings.utm;
    const tag = (name: string, field: string, label: string, placeholder: string, value: string | undefined) =>
      html`<label>${label} <input name=${name} data-field=${field} maxlength="60" placeholder=${placeholder} .value=${value ?? ''} aria-describedby=${d(field)} aria-invalid=${this.form.invalid(field)} />${e(field)}</label>`;
    return html`<fieldset ?disabled=${!hasRole(this.ctx.me.role, 'editor')} data-testid="campaign-tags">
      <legend>Tags for your web analytics</legend>
      <p class="muted">Your analytics (Google Analytics, Matomo…) can tell which visits came from this banner by the tags added to its address. Leave a tag empty to use your company's default, shown greyed out. Letters, digits, dots, hyphens, underscores and tildes only.</p>
      <div class="grid2">
        ${tag('utmSource', 'utm.source', 'Source (where visits come from)', defaults?.source ?? 'herald', c?.utm?.source)}
        ${tag('utmMedium', 'utm.medium', 'Medium (the kind of link)', defaults?.medium ?? 'email-signature', c?.utm?.medium)}
      </div>
      ${tag('utmCampaign', 'utm.campaign', 'Campaign name in your analytics', 'made from the campaign name', c?.utm?.campaign)}
      <h-tag-preview .api=${this.api} .request=${this.tagRequest(c)}></h-tag-preview>
    </fieldset>`;
  }

  /** "As": only the people the target reaches, so the preview never shows someone outside it. */
  private renderAs() {
    const reached = this.reached();
    if (!this.directory.value) return nothing;
    if (!reached.length) return html`<p class="muted" data-testid="as-nobody">Nobody in your directory is in ${this.targets().length === 1 ? 'this group' : 'these groups'} yet: there is nobody to preview the banner as.</p>`;
    return html`<label>As <select name="as" @change=${(ev: Event) => this.set({ asUserId: (ev.target as HTMLSelectElement).value, preview: null })}>
        ${reached.map((u) => html`<option value=${u.id} ?selected=${u.id === this.state.asUserId}>${`${u.firstName} ${u.lastName}`.trim() || u.email}</option>`)}
      </select></label>`;
  }

  private renderNotification(c: CampaignView | null, e: (f: string) => unknown, d: (f: string) => string) {
    const n = c?.notification;
    const t = n?.tracking ?? { seen: true, clicked: true, liked: true };
    return html`<fieldset ?disabled=${!hasRole(this.ctx.me.role, 'editor')}>
      <legend>Notification</legend>
      <label>Title <input name="title" required data-what="a title" .value=${n?.title ?? ''} aria-describedby=${d('notification.title')} aria-invalid=${this.form.invalid('notification.title')} data-field="notification.title" />${e('notification.title')}</label>
      <label>Message <textarea name="body" rows="4" .value=${n?.body ?? ''} aria-describedby=${d('notification.body')} aria-invalid=${this.form.invalid('notification.body')} data-field="notification.body"></textarea>${e('notification.body')}</label>
      <label>Link (optional) <input type="url" name="linkUrl" .value=${n?.linkUrl ?? ''} aria-describedby=${d('notification.linkUrl')} aria-invalid=${this.form.invalid('notification.linkUrl')} data-field="notification.linkUrl" />${e('notification.linkUrl')}</label>
      <label>Video (optional) <input type="url" name="videoUrl" .value=${n?.videoUrl ?? ''} aria-describedby=${d('notification.videoUrl')} aria-invalid=${this.form.invalid('notification.videoUrl')} data-field="notification.videoUrl" />${e('notification.videoUrl')}</label>
      <fieldset><legend>Receipts to record (switched off: nothing is stored)</legend>
        <label class="inline"><input type="checkbox" name="track-seen" .checked=${t.seen} /> Seen</label>
        <label class="inline"><input type="checkbox" name="track-clicked" .checked=${t.clicked} /> Clicked</label>
        <label class="inline"><input type="checkbox" name="track-liked" .checked=${t.liked} /> Liked</label>
      </fieldset>
    </fieldset>`;
  }

  private renderNotificationReport() {
    return html`<section class="panel" data-testid="campaign-report"><h2>Results</h2>
      ${this.report.render((r) =>
        r
          ? html`<dl class="facts"><dt>Audience</dt><dd>${r.audience}</dd>
              ${(['seen', 'clicked', 'liked'] as const).map((k) => html`<dt>${k[0]!.toUpperCase()}${k.slice(1)}</dt><dd>${r.counts[k] ?? 0} (${pct(r.rates[k] ?? null)})</dd>`)}</dl>`
          : errorBox(new ApiError(404, 'not_found', 'No results yet.')),
      )}</section>`;
  }
}
customElements.define('h-campaign-editor', CampaignEditor);
