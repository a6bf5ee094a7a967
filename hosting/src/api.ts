import type { Auth } from 'firebase/auth';
import { isNetworkFailure, networkWords } from './core/network.js';
import type { ErrorBody, FieldProblem, Fix } from '../../functions/src/api-types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** The console step that fixes this refusal (core/fixes.ts shows it as a button). */
    readonly fix: Fix | null = null,
  ) {
    super(message);
  }

  /** The problems of one form field, by its name without the `body.` / `query.` prefix ("banner.imageUrl"). */
  forField(name: string): string | null {
    const hits = this.fields.filter((f) => stripWhere(f.field) === name || stripWhere(f.field).startsWith(`${name}.`));
    return hits.length ? hits.map((f) => f.message).join('; ') : null;
  }

  /** The message without field paths, for a banner above a form. */
  get plain(): string {
    if (this.fields.length) return this.fields.map((f) => `${f.label ? `${f.label}:` : label(stripWhere(f.field))} ${f.message}`).join('; ');
    return this.message.replace(/\b(?:body|query|params)\.([\w.]+):/g, (_m, f: string) => `${label(f)}`);
  }
}

const stripWhere = (field: string) => field.replace(/^(body|query|params)\.?/, '');
/** "banner.imageUrl" → "Image URL"-ish plain words: the last path segment, split at capitals. */
function label(path: string): string {
  const last = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/Url\b/, 'URL').toLowerCase();
  return words ? `${words[0]!.toUpperCase()}${words.slice(1)}:` : '';
}

/** Splits "body.html: a; body.html: b" messages into fields when the server sent no `fields` list. */
function fieldsFromMessage(message: string): FieldProblem[] {
  return message
    .split(/;\s+(?=(?:body|query|params)\.)/)
    .map((part) => /^((?:body|query|params)\.[\w.]+):\s*(.*)$/s.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ field: m[1]!, message: m[2]! }));
}

export interface RequestOptions extends RequestInit {
  /** Send as JSON. */
  json?: unknown;
}

/** Calls the Herald API with the signed-in user's ID token; errors arrive as `{ error: { code, message, fields? } }`. */
export function createApi(auth: Auth) {
  async function raw(path: string, init: RequestOptions = {}): Promise<Response> {
    const user = auth.currentUser;
    const headers = new Headers(init.headers);
    if (user) headers.set('Authorization', `Bearer ${await user.getIdToken()}`);
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set('Content-Type', 'application/json');
    } else if (body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    const res = await fetch(`/api${path}`, { ...init, body, headers });
    if (!res.ok) {
      const parsed: unknown = res.headers.get('content-type')?.includes('json') ? await res.json().catch(() => null) : null;
      const err = (parsed as Partial<ErrorBody> | null)?.error;
      const message = err?.message ?? (res.status === 404 ? 'Not found.' : `The server answered ${res.status}.`);
      throw new ApiError(res.status, err?.code ?? 'unknown', message, err?.fields ?? fieldsFromMessage(message), err?.fix ?? null);
    }
    return res;
  }
  async function api<T>(path: string, init: RequestOptions = {}): Promise<T> {
    const res = await raw(path, init);
    if (res.status === 204) return undefined as T;
    return (res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text()) as T;
  }
  api.raw = raw;
  return api;
}
export type Api = ReturnType<typeof createApi>;

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.plain;
  if (isNetworkFailure(err)) return `Not done: ${networkWords('action')}`;
  return 'The console met an unexpected problem. Please try again; if it keeps failing, reload the page.';
}

/** A route another part of Herald adds later answers 404 with no route here: show "not available yet". */
export function isMissingRoute(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404 && /^no route /.test(err.message);
}
