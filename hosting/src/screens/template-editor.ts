import { html, nothing } from 'lit';
import '../components/code-editor';
import type { CodeEditor } from '../components/code-editor';
import '../components/signature-preview';
import '../components/image-upload';
import type { ImageChange } from '../components/image-upload';
import '../components/template-designer';
import { ApiError, messageOf } from '../api';
import { confirmDialog, toast } from '../core/dialog';
import { directoryGroups, groupWords } from '../core/directory-groups';
import { ScreenElement } from '../core/element';
import { navigate } from '../core/router';
import { FormCheck } from '../core/form-check';
import { Resource } from '../core/resource';
import type { AssignmentList, AssignmentView, SharedMailboxList, SharedMailboxView, TemplateDesign, TemplateSaved, TemplateUpdated, TemplateView, UserSignature, UserView } from '../../../functions/src/api-types.js';
import { fieldError } from '../core/ui';
import { hasRole } from '../roles';
import { targetWords } from '../templates/precedence';
import { defaultDesign, designHtml, savableDesign } from '../templates/designer';
import { LOGO_PLACEHOLDER, STARTERS } from '../templates/starters';

/** The preview follows the editor this long after the last keystroke. */
const PREVIEW_DELAY_MS = 300;

interface State {
  saving: boolean;
  error: unknown;
  problems: string[];
  previewUserId: string;
  preview: UserSignature | null;
  previewing: boolean;
  assignError: unknown;
  assignKind: 'everyone' | 'group' | 'user' | 'address';
  /** What the last save removed from the HTML (the server's sentences), shown until the next save. */
  removed: string[];
  /** Designer or HTML; unset: the designer for a designed or blank template, HTML otherwise. */
  mode: 'design' | 'html';
  design: TemplateDesign | null;
  /** The HTML the designer made when "Edit as HTML" was chosen: unchanged, the designer can take over again. */
  htmlFromDesign: string | null;
}

/** A new template's save removed something: told on the page the editor opens next. */
let removedOnCreate: { id: string; removed: string[] } | null = null;

/** Create or edit a template: HTML with completion and inline problems, live preview for any person, assignments. */
export class TemplateEditor extends ScreenElement<State> {
  private readonly template = new Resource<TemplateView | null>(this, 'This template', async () => {
    const id = this.params.templateId;
    if (id && removedOnCreate?.id === id) {
      this.set({ removed: removedOnCreate.removed });
      removedOnCreate = null;
    }
    return id ? this.api<TemplateView>(`/templates/${encodeURIComponent(id)}`) : null;
  });
  private readonly directory = new Resource(this, 'The people to preview as', async () => {
    const d = hasRole(this.ctx.me.role, 'admin') ? await directoryGroups(this.api) : { groups: [], counts: [], users: [] as UserView[] };
    if (!this.state.previewUserId && d.users[0]) this.set({ previewUserId: d.users[0].id });
    this.schedulePreview();
    return d;
  });
  private readonly assignments = new Resource(this, "The template's assignments", async () => (hasRole(this.ctx.me.role, 'admin') && this.params.templateId ? (await this.api<AssignmentList>('/template-assignments')).assignments : []));
  /** The shared mailboxes the directory sync found: offered as sending addresses (any other may be typed). */
  private readonly mailboxes = new Resource(this, 'The shared mailboxes', async () =>
    hasRole(this.ctx.me.role, 'admin') && this.params.templateId ? (await this.api<SharedMailboxList>('/directory/shared-mailboxes').catch(() => ({ mailboxes: [] }))).mailboxes : [],
  );
  private readonly form = new FormCheck(this);
  private timer: number | undefined;
  /** Answers can come back out of order: only the latest request's is shown. */
  private previewSeq = 0;

  private get starterHtml(): { name: string; html: string } | null {
    const s = STARTERS.find((x) => x.id === this.query.get('starter')) ?? null;
    if (!s) return null;
    return { name: s.name, html: s.html({ name: this.ctx.tenant.name, domain: this.ctx.tenant.domains[0] ?? 'example.com', logoUrl: `${location.origin}${LOGO_PLACEHOLDER}` }) };
  }

  private get editor(): CodeEditor | null {
    return this.querySelector('h-code-editor');
  }

  private get mode(): State['mode'] {
    return this.state.mode ?? (this.template.value?.design || (!this.template.value && !this.starterHtml) ? 'design' : 'html');
  }

  private get design(): TemplateDesign {
    const domain = this.ctx.tenant.domains[0] ?? 'example.com';
    return this.state.design ?? this.template.value?.design ?? defaultDesign({ name: this.ctx.tenant.name, domain }, `${location.origin}${LOGO_PLACEHOLDER}`);
  }

  /** The HTML being edited: the designer's, or the code editor's. */
  private source(): string {
    return this.mode === 'design' ? designHtml(this.design, location.origin) : (this.editor?.text ?? '');
  }

  /** The design saved with the HTML: only while the HTML is still exactly the designer's. */
  private designToSave(html: string): TemplateDesign | null {
    if (this.mode === 'html' && !this.state.htmlFromDesign) return null;
    const design = savableDesign(this.design);
    return designHtml(design, location.origin) === html ? design : null;
  }

  private editAsHtml(): void {
    const htmlFromDesign = designHtml(this.design, location.origin);
    this.set({ mode: 'html', design: this.design, htmlFromDesign });
  }

  /** Back to the designer: silently while the HTML is the designer's, else after saying the edits go. */
  private async backToDesigner(): Promise<void> {
    const text = this.editor?.text ?? '';
    if (text !== this.state.htmlFromDesign && !(await confirmDialog({ title: 'Go back to the designer?', body: 'The designer writes its own HTML: the HTML as it is now is replaced by the design.', confirm: 'Use the designer' }))) return;
    this.set({ mode: 'design', design: this.design, htmlFromDesign: null });
    this.schedulePreview();
  }

  /** Checks and renders the unsaved HTML (no write) a moment after typing stops. */
  private schedulePreview(): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.preview(), PREVIEW_DELAY_MS);
  }

  private async preview(): Promise<void> {
    const source = this.source();
    const userId = this.state.previewUserId;
    if (!source.trim() || !userId || !hasRole(this.ctx.me.role, 'admin')) return;
    const seq = ++this.previewSeq;
    this.set({ previewing: true });
    try {
      const r = await this.api<UserSignature>('/templates/draft-preview', { method: 'POST', json: { html: source, userId } });
      if (seq !== this.previewSeq) return;
      this.set({ preview: r, problems: [] });
      this.editor?.showProblems([]);
    } catch (err) {
      if (seq !== this.previewSeq) return;
      const problems = err instanceof ApiError ? (err.fields.length ? err.fields.filter((f) => f.field.endsWith('html')).map((f) => f.message) : [err.message]) : [messageOf(err)];
      this.set({ problems });
      this.editor?.showProblems(problems);
    }
    this.set({ previewing: false });
  }

  private async save(ev: Event): Promise<void> {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    if (!this.form.check(form)) return;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    // Empty: colleagues get the signature without its banner (the server's default).
    const internalHtml = String(data.get('internalHtml') ?? '').trim() || null;
    const source = this.source();
    const design = this.designToSave(source);
    const existing = this.template.value;
    this.set({ saving: true, error: null, removed: [] });
    try {
      if (existing) {
        const t = await this.api<TemplateUpdated>(`/templates/${existing.id}`, { method: 'PATCH', json: { name, html: source, design, internalHtml } });
        this.template.value = t;
        // What was stored is what mail apps get: the editor shows it, and says what went.
        if (this.editor && t.html !== source) this.editor.text = t.html;
        this.set({ removed: t.removed });
        toast(t.removed.length ? 'Template saved, with some parts removed: see the notice.' : 'Template saved. Gmail signatures of its people are pushed again.');
      } else {
        const t = await this.api<TemplateSaved>('/templates', { method: 'POST', json: { name, html: source, design, internalHtml } });
        if (t.removed.length) removedOnCreate = { id: t.id, removed: t.removed };
        toast(t.removed.length ? 'Template created, with some parts removed: see the notice.' : 'Template created. Now assign it.');
        navigate(`/templates/${t.id}`, true);
      }
      this.editor?.showProblems([]);
      this.form.clear();
    } catch (err) {
      this.form.fromApi(err, form);
      this.set({ error: err });
      if (err instanceof ApiError) this.editor?.showProblems(err.fields.filter((f) => f.field.endsWith('html')).map((f) => f.message));
    }
    this.set({ saving: false });
  }

  /** The uploaded logo into the HTML: in place of the starter's placeholder, else at the cursor. */
  private insertLogo({ url, image }: ImageChange): void {
    const editor = this.editor;
    if (!editor || !url) return;
    const placeholder = `${location.origin}${LOGO_PLACEHOLDER}`;
    if (editor.text.includes(placeholder)) editor.text = editor.text.replaceAll(placeholder, url);
    else {
      const w = Math.min(image?.width ?? 80, 80);
      const h = image ? Math.round((image.height * w) / image.width) : 80;
      const alt = this.ctx.tenant.name.replace(/[&"<>]/g, '');
      editor.insertAtCursor(`<img src="${url}" alt="${alt}" width="${w}" height="${h}" style="display:block;border:0" />`);
    }
    toast('Logo inserted. Save the template to use it.');
    this.schedulePreview();
  }

  private async deleteTemplate(): Promise<void> {
    const t = this.template.value!;
    if (!(await confirmDialog({ title: `Delete “${t.name}”?`, body: 'Its assignments go too; people it applied to fall back to their group’s or everyone’s template.', confirm: 'Delete template', danger: true }))) return;
    try {
      await this.api(`/templates/${t.id}`, { method: 'DELETE' });
      toast('Template deleted.');
      navigate('/templates');
    } catch (err) {
      toast(messageOf(err));
    }
  }

  private async assign(ev: Event): Promise<void> {
    ev.preventDefault();
    const d = new FormData(ev.target as HTMLFormElement);
    const kind = this.state.assignKind ?? 'everyone';
    const target =
      kind === 'everyone'
        ? { kind }
        : kind === 'group'
          ? { kind, group: String(d.get('group') ?? '').trim() }
          : kind === 'address'
            ? { kind, address: String(d.get('address') ?? '').trim() }
            : { kind, userId: String(d.get('userId') ?? '') };
    this.set({ assignError: null });
    try {
      await this.api('/template-assignments', { method: 'PUT', json: { templateId: this.template.value!.id, target, priority: Number(d.get('priority') || 50) } });
      toast('Assigned. Signatures are updated.');
      await this.assignments.reload();
      this.schedulePreview();
    } catch (err) {
      this.set({ assignError: err });
    }
  }

  private async unassign(a: AssignmentView): Promise<void> {
    try {
      await this.api(`/template-assignments/${encodeURIComponent(a.id)}`, { method: 'DELETE' });
      await this.assignments.reload();
    } catch (err) {
      toast(messageOf(err));
    }
  }

  override render() {
    return html`<p><a href="/templates">← Templates</a></p>${this.template.render((t) => this.renderEditor(t))}`;
  }

  private renderEditor(t: TemplateView | null) {
    const starter = t ? null : this.starterHtml;
    const editor = hasRole(this.ctx.me.role, 'editor');
    const admin = hasRole(this.ctx.me.role, 'admin');
    const { saving, error, problems, preview, previewing } = this.state;
    const users = this.directory.value?.users ?? [];
    return html`
      <h1>${t ? t.name : `New template${starter ? ` from “${starter.name}”` : ''}`}</h1>
      <div class="editor-layout">
        <form class="stack wide" novalidate @submit=${(ev: Event) => void this.save(ev)} @input=${this.form.onInput}>
          ${this.form.summary()}
          <label>Name <input name="name" required data-what="a name for the template" .value=${t?.name ?? (starter ? `${starter.name} signature` : '')} ?disabled=${!editor} aria-describedby="err-name" aria-invalid=${this.form.invalid('name')} />${this.form.field('name', 'err-name')}</label>
          ${editor ? this.renderModeSwitch() : nothing}
          ${this.mode === 'design' && editor
            ? html`<h-template-designer .design=${this.design} .api=${this.api} @design-change=${(ev: CustomEvent<TemplateDesign>) => { this.set({ design: ev.detail }); this.schedulePreview(); }}></h-template-designer>`
            : nothing}
          <div class="field">
            ${this.mode === 'html' || !editor
              ? html`${this.state.htmlFromDesign ? html`<p class="notice" role="note">This HTML was made by the designer. If you change it, the designer can no longer edit this template: going back to the designer replaces your changes.</p>` : nothing}
                  <span id="html-label">HTML <span class="muted">(type {{ for placeholders; sections {{#title}}…{{/title}} vanish when empty)</span></span>
                  <h-code-editor .value=${this.state.htmlFromDesign ?? t?.html ?? starter?.html ?? ''} label="Template HTML" @change=${() => this.schedulePreview()}></h-code-editor>`
              : nothing}
            ${problems?.length ? html`<ul class="field-error" role="alert" data-testid="template-problems">${problems.map((p) => html`<li>${p}</li>`)}</ul>` : nothing}
            ${error && !(error instanceof ApiError && error.fields.length) ? html`<p class="error" role="alert">${messageOf(error)}</p>` : nothing}
            ${this.state.removed?.length
              ? html`<div class="notice" role="status" data-testid="removed-notice"><p><strong>Removed when saving</strong>, because mail apps would not show it or it could be unsafe:</p>
                  <ul>${this.state.removed.map((r) => html`<li>${r}</li>`)}</ul></div>`
              : nothing}
          </div>
          ${this.renderInternal(t, editor)}
          ${editor && this.mode === 'html'
            ? html`<h-image-upload label="Insert a logo" hint="About 160 × 160 pixels, shown at 80; it goes where the cursor is, or replaces the starter's placeholder" .api=${this.api} .showUrl=${false}
                @image-change=${(ev: CustomEvent<ImageChange>) => this.insertLogo(ev.detail)}></h-image-upload>`
            : nothing}
          ${editor
            ? html`<div class="row"><button type="submit" ?disabled=${saving}>${saving ? 'Saving…' : t ? 'Save template' : 'Create template'}</button>
                ${t ? html`<button type="button" class="danger" @click=${() => void this.deleteTemplate()}>Delete</button>` : nothing}</div>`
            : nothing}
        </form>
        ${admin
          ? html`<section class="preview-pane" aria-labelledby="preview-title">
              <h2 id="preview-title">Preview ${previewing ? html`<span class="spinner" role="img" aria-label="Updating"></span>` : nothing}</h2>
              <label>As <select @change=${(ev: Event) => { this.set({ previewUserId: (ev.target as HTMLSelectElement).value }); void this.preview(); }}>
                ${users.map((u) => html`<option value=${u.id} ?selected=${u.id === this.state.previewUserId}>${`${u.firstName} ${u.lastName}`.trim() || u.email}</option>`)}
              </select></label>
              ${preview ? html`<h-signature-preview .html=${preview.html} label="Template preview"></h-signature-preview>` : html`<p class="muted">The preview appears as you type.</p>`}
            </section>`
          : nothing}
      </div>
      ${t && admin ? this.renderAssignments(t, users) : nothing}`;
  }

  /** The variant Outlook uses when every recipient is a colleague (optional). */
  private renderInternal(t: TemplateView | null, editor: boolean) {
    return html`<details class="panel internal-variant" ?open=${Boolean(t?.internalHtml)} data-testid="internal-variant">
      <summary>Signature for colleagues (Outlook)</summary>
      <p class="muted">When every recipient of an email works at your company, Outlook inserts this one instead. Leave it empty to use the signature above without its banner, so banner views only count mail to people outside the company.</p>
      <label>HTML for colleagues <span class="muted">(optional; the same placeholders)</span>
        <textarea name="internalHtml" rows="6" spellcheck="false" .value=${t?.internalHtml ?? ''} ?disabled=${!editor} aria-describedby="err-internalHtml" aria-invalid=${this.form.invalid('internalHtml')}></textarea>
        ${this.form.field('internalHtml', 'err-internalHtml')}</label>
    </details>`;
  }

  private renderModeSwitch() {
    const mode = this.mode;
    return html`<div class="segmented" role="group" aria-label="How to edit">
      <button type="button" class="secondary" aria-pressed=${String(mode === 'design')} @click=${() => (mode === 'design' ? undefined : void this.backToDesigner())}>Designer</button>
      <button type="button" class="secondary" aria-pressed=${String(mode === 'html')} @click=${() => (mode === 'html' ? undefined : this.editAsHtml())}>Edit as HTML</button>
    </div>`;
  }

  private renderAssignments(t: TemplateView, users: UserView[]) {
    const mine = (this.assignments.value ?? []).filter((a) => a.templateId === t.id);
    const byId = new Map(users.map((u) => [u.id, u]));
    const kind = this.state.assignKind ?? 'everyone';
    const err = this.state.assignError;
    const mailboxes = this.mailboxes.value ?? [];
    return html`<section class="panel" aria-labelledby="assign-title">
      <h2 id="assign-title">Who uses it</h2>
      <p class="muted">Precedence: a person's own template wins; then their groups' (the highest priority wins, ties by group name); then the template for everyone.
        When someone sends from a shared mailbox or an alias that has a template of its own, that template is used instead, filled in with the sender's own details.</p>
      ${mine.length
        ? html`<ul data-testid="assignments">${mine.map((a) => html`<li>${targetWords(a, byId, mailboxes)} <button type="button" class="link" @click=${() => void this.unassign(a)}>remove</button></li>`)}</ul>`
        : html`<p>Not assigned yet: nobody gets it.</p>`}
      <form class="row" @submit=${(ev: Event) => void this.assign(ev)}>
        <label>Assign to <select name="kind" @change=${(ev: Event) => this.set({ assignKind: (ev.target as HTMLSelectElement).value as State['assignKind'] })}>
          <option value="everyone" ?selected=${kind === 'everyone'}>Everyone</option>
          <option value="group" ?selected=${kind === 'group'}>A group</option>
          <option value="user" ?selected=${kind === 'user'}>One person</option>
          <option value="address" ?selected=${kind === 'address'}>A sending address (shared mailbox or alias)</option>
        </select></label>
        ${kind === 'group'
          ? html`<label>Group <select name="group" aria-describedby="err-group">${(this.directory.value?.counts ?? []).map((g) => html`<option value=${g.name}>${groupWords(g)}</option>`)}</select>${fieldError(err, 'target.group', 'err-group')}</label>
            <label>Priority <input type="number" name="priority" min="0" max="100" value="50" /></label>`
          : nothing}
        ${kind === 'user' ? html`<label>Person <select name="userId">${users.map((u) => html`<option value=${u.id}>${`${u.firstName} ${u.lastName}`.trim() || u.email}</option>`)}</select></label>` : nothing}
        ${kind === 'address' ? this.renderAddressField(mailboxes, err) : nothing}
        <button type="submit">Assign</button>
      </form>
      ${err && !(err instanceof ApiError && err.forField('target')) ? html`<p class="error" role="alert">${messageOf(err)}</p>` : nothing}
    </section>`;
  }

  /** A shared mailbox from the directory, or any address typed (a team alias the directory does not list). */
  private renderAddressField(mailboxes: SharedMailboxView[], err: unknown) {
    const problem = err instanceof ApiError ? err.forField('target.address') : null;
    return html`<label>Sending address
        <input name="address" type="email" required autocomplete="off" list="shared-mailboxes" placeholder=${mailboxes[0]?.address ?? `support@${this.ctx.tenant.domains[0] ?? 'example.com'}`}
          aria-describedby="hint-address err-address" aria-invalid=${problem ? 'true' : 'false'} />
        <datalist id="shared-mailboxes">${mailboxes.map((m) => html`<option value=${m.address}>${m.displayName ?? m.address}</option>`)}</datalist>
        <span class="muted" id="hint-address">${mailboxes.length
          ? `Pick one of your ${mailboxes.length === 1 ? 'shared mailbox' : `${mailboxes.length} shared mailboxes`} or type an alias on your domains.`
          : 'Type a shared mailbox or an alias on your domains.'}</span>
        ${problem ? html`<span class="field-error" id="err-address">${addressProblem(problem)}</span>` : nothing}
      </label>`;
  }
}

/** The API's words about a sending address ("not on one of your verified domains"), as a sentence about the field. */
function addressProblem(text: string): string {
  const sentence = /^is\b/.test(text) ? `This address ${text}` : /^not\b/.test(text) ? `This address is ${text}` : text;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
customElements.define('h-template-editor', TemplateEditor);
