import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, isMissingRoute, messageOf } from '../api';
import { fixButton, fixOf } from './fixes';
import { failureWords } from './failure';
import type { JobView } from '../../../functions/src/api-types.js';

/** A busy state: spinner plus words, announced politely. */
export const busy = (label = 'Loading…') => html`<p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>${label}</p>`;

/** A failed load or action, in plain words. */
export const errorBox = (err: unknown) => html`<p class="error" role="alert">${messageOf(err)}</p>${fixButton(fixOf(err))}`;

/**
 * A load that failed: what failed and why, in words, and a Retry button (the owner also retries by
 * itself when the browser comes back online: Resource, the shell).
 */
export const loadFailure = (what: string, err: unknown, retry: () => void, retrying = false) =>
  html`<div class="load-failure" role="alert" data-testid="load-failure">
    <p class="error">${failureWords(what, err)}</p>
    <button type="button" class="secondary" ?disabled=${retrying} @click=${retry}>${retrying ? 'Retrying…' : 'Retry'}</button>
  </div>`;

/** A screen whose API another part of Herald adds: says so instead of failing. */
export const notAvailable = (what: string) =>
  html`<div class="empty" data-testid="not-available"><h2>Not available yet</h2><p>${what} is not available on this Herald server yet. It arrives with a coming update; nothing is wrong with your account.</p></div>`;

/** An empty list that says what to do next. */
export const empty = (title: string, next: TemplateResult | string) => html`<div class="empty"><h2>${title}</h2><p>${next}</p></div>`;

/** The API's problem with one field, shown under it (the input points at it with aria-describedby). */
export function fieldError(err: unknown, field: string, id: string) {
  const text = err instanceof ApiError ? err.forField(field) : null;
  return text ? html`<span class="field-error" id=${id}>${text}</span>` : nothing;
}

/** Errors not tied to a shown field. */
export function formError(err: unknown, shown: string[]) {
  if (!err) return nothing;
  if (err instanceof ApiError && err.fields.length && err.fields.every((f) => shown.some((s) => f.field.replace(/^(body|query|params)\./, '').startsWith(s)))) {
    return html`<p class="error" role="alert">Please correct the fields marked below.</p>`;
  }
  return errorBox(err);
}

/** A job's progress bar, from GET /api/jobs/:id. */
export function jobProgress(job: JobView | null, label: string) {
  if (!job) return nothing;
  const total = job.progress.total ?? 0;
  const running = ['queued', 'running'].includes(job.status);
  const counts = Object.entries(job.counts).filter(([, v]) => v > 0).map(([k, v]) => `${v} ${k}`).join(', ');
  return html`<div class="job" data-testid="job">
    <label>${label}: ${statusWords(job.status)}${total ? ` (${job.progress.done} of ${total})` : job.progress.done ? ` (${job.progress.done})` : ''}
      ${running && !total ? html`<progress aria-label=${label}></progress>` : html`<progress aria-label=${label} max=${total || 1} value=${total ? job.progress.done : running ? 0 : 1}></progress>`}
    </label>
    ${counts ? html`<span class="muted">${counts}</span>` : nothing}
    ${job.error ? html`<p class="error" role="alert">${job.error.message}</p>${fixButton(fixOf(job.error))}` : nothing}
  </div>`;
}

export function statusWords(status: string): string {
  return ({ queued: 'waiting to start', running: 'running', done: 'done', failed: 'failed', held: 'held for your confirmation' } as Record<string, string>)[status] ?? status;
}

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);

export { isMissingRoute };
