import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testServiceAccountKey } from './google-directory-fake.js';
import { GoogleTokenEndpoint } from './google-token-endpoint.js';

const SETTINGS_SCOPES = ['https://www.googleapis.com/auth/gmail.settings.basic', 'https://www.googleapis.com/auth/gmail.settings.sharing'];

/** A read the fake answered (sendAs.list, sendAs.get): reads are counted apart from the PATCHes in `calls`. */
export interface GmailRead {
  subject: string;
  method: 'list' | 'get';
  /** The address read (get); null for a list. */
  sendAsEmail: string | null;
  status: number;
}

/** A send-as alias of an account besides its primary address (a Workspace alias, or a custom "from" address). */
export interface GmailAlias {
  sendAsEmail: string;
  /** Custom "from" addresses only (the API leaves it out for the primary and Workspace aliases): accepted or pending. */
  verificationStatus?: 'accepted' | 'pending';
}

/** One PATCH the fake accepted or refused, as the Gmail API saw it. */
export interface GmailCall {
  subject: string;
  scopes: string[];
  sendAsEmail: string;
  signature: string | undefined;
  status: number;
  /** When the fake received it (performance.now(), ms). */
  at: number;
}

/**
 * A project quota as Google meters it, scaled: a token bucket refilled at `perSecond` calls/s
 * holding at most `burst` calls. Beyond it Gmail answers 429; Retry-After says the whole seconds
 * until a call would pass, and is left out under one second (Google's quota errors give no finer hint).
 */
export interface GmailQuota {
  perSecond: number;
  burst: number;
}

/**
 * A local stand-in for the Gmail API's `users.settings.sendAs` (patch, get, list), on a free port. It
 * checks the request like Google would (path, method, bearer token for the impersonated user, JSON
 * body; only the caller's own send-as addresses exist for it) and can be told to answer some calls
 * with an error (e.g. 429 twice, then succeed). PATCHes are recorded in `calls`, reads in `reads`.
 */
export class FakeGmail {
  readonly calls: GmailCall[] = [];
  /** sendAs.list and sendAs.get calls. */
  readonly reads: GmailRead[] = [];
  /** Each account's send-as aliases besides its primary address (lower-case account address → aliases). */
  readonly aliases = new Map<string, GmailAlias[]>();
  /** Current signature per address, as Gmail would store it. */
  readonly signatures = new Map<string, string>();
  /** Statuses to answer, in order, for the next calls on an address (then 200). */
  readonly failures = new Map<string, number[]>();
  /** Addresses Gmail does not know: 404. */
  readonly unknown = new Set<string>();
  /** Accounts whose mail is off (suspended, or no Gmail licence): 400 failedPrecondition, as Gmail answers them. */
  readonly mailServiceOff = new Set<string>();
  /** The service account's token endpoint: tokens name the impersonated user (shared with the directory stand-in when given). */
  readonly tokenEndpoint: GoogleTokenEndpoint;
  private server: Server | undefined;
  rootUrl = '';
  private tokens = 0;
  private refilledAt = 0;

  /**
   * `quota`: enforce a project quota (429 beyond it). `normalise`: how Gmail rewrites a signature it
   * stores (what sendAs.patch returns and sendAs.get reads back is the rewritten HTML).
   */
  constructor(private readonly options: { quota?: GmailQuota; tokenEndpoint?: GoogleTokenEndpoint; normalise?: (html: string) => string } = {}) {
    this.tokenEndpoint = options.tokenEndpoint ?? new GoogleTokenEndpoint();
    this.tokens = options.quota?.burst ?? 0;
    this.refilledAt = performance.now();
  }

  /** Whether the project quota lets one more call through now; else the wait (ms) until it would. */
  private quotaWait(now: number): number {
    const quota = this.options.quota;
    if (!quota) return 0;
    this.tokens = Math.min(quota.burst, this.tokens + ((now - this.refilledAt) * quota.perSecond) / 1000);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return ((1 - this.tokens) * 1000) / quota.perSecond;
  }

  /** A person changes the signature of one of their addresses in Gmail's settings (not through the API: not in `calls`). */
  edit(sendAsEmail: string, html: string): void {
    this.signatures.set(sendAsEmail, this.options.normalise ? this.options.normalise(html) : html);
  }

  /** The account's send-as addresses: its primary, then its aliases (as sendAs.list lists them). */
  private sendAsOf(subject: string): { sendAsEmail: string; isPrimary: boolean; verificationStatus?: string }[] {
    return [{ sendAsEmail: subject, isPrimary: true }, ...(this.aliases.get(subject.toLowerCase()) ?? []).map((a) => ({ ...a, isPrimary: false }))];
  }

  /** Env for readConfig: this fake as Google's API root and token endpoint, and a throwaway service account key. */
  env(): Record<string, string> {
    return { GMAIL_API_ROOT_URL: this.rootUrl, GOOGLE_TOKEN_URL: `${this.rootUrl}token`, GOOGLE_SERVICE_ACCOUNT_KEY: testServiceAccountKey() };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (req.method === 'POST' && req.url === '/token') {
          const token = this.tokenEndpoint.answer(raw);
          return answer(token.status, token.body);
        }
        const isList = /^\/gmail\/v1\/users\/me\/settings\/sendAs\/?(\?.*)?$/.test(req.url ?? '');
        const match = /^\/gmail\/v1\/users\/me\/settings\/sendAs\/([^/?]+)(\?.*)?$/.exec(req.url ?? '');
        if ((!match && !isList) || (req.method !== 'PATCH' && req.method !== 'GET') || (isList && req.method !== 'GET')) return answer(404, { error: { code: 404, message: 'Not Found' } });
        const sendAsEmail = match ? decodeURIComponent(match[1]!) : null;
        const caller = this.tokenEndpoint.who(req.headers.authorization);
        if (!caller) return answer(401, { error: { code: 401, message: 'Invalid Credentials' } });
        const subject = caller.sub;
        const scopes = caller.scope.split(' ');
        if (this.mailServiceOff.has(subject.toLowerCase())) {
          return answer(400, { error: { code: 400, message: 'Mail service not enabled', errors: [{ reason: 'failedPrecondition' }], status: 'FAILED_PRECONDITION' } });
        }
        // An address of the caller's own account (its primary or one of its aliases): Gmail knows no other.
        const own = sendAsEmail === null ? undefined : this.sendAsOf(subject).find((a) => a.sendAsEmail === sendAsEmail);
        if (req.method === 'GET') {
          // sendAs.list and sendAs.get: reading one's own send-as settings (the delegation check, aliases, drift).
          const read: GmailRead = { subject, method: isList ? 'list' : 'get', sendAsEmail, status: 200 };
          this.reads.push(read);
          const refuse = (status: number, body: unknown) => {
            read.status = status;
            return answer(status, body);
          };
          if (!scopes.some((s) => SETTINGS_SCOPES.includes(s))) return refuse(403, { error: { code: 403, message: 'Request had insufficient authentication scopes.', errors: [{ reason: 'insufficientPermissions' }] } });
          if (isList) {
            if (this.unknown.has(subject)) return refuse(404, { error: { code: 404, message: 'Invalid user' } });
            return answer(200, { sendAs: this.sendAsOf(subject).map((a) => ({ ...a, isDefault: a.isPrimary, signature: this.signatures.get(a.sendAsEmail) ?? '' })) });
          }
          if (!own || this.unknown.has(sendAsEmail!)) return refuse(404, { error: { code: 404, message: 'Invalid send-as address' } });
          return answer(200, { ...own, isDefault: own.isPrimary, signature: this.signatures.get(sendAsEmail!) ?? '' });
        }
        const body = JSON.parse(raw || '{}') as { signature?: string };
        const now = performance.now();
        const call: GmailCall = { subject, scopes, sendAsEmail: sendAsEmail!, signature: body.signature, status: 200, at: now };
        this.calls.push(call);
        const wait = this.quotaWait(now);
        if (wait > 0) {
          call.status = 429;
          const seconds = Math.floor(wait / 1000);
          return answer(429, { error: { code: 429, message: 'Quota exceeded for quota metric of service gmail.googleapis.com' } }, seconds > 0 ? { 'retry-after': String(seconds) } : {});
        }
        const queued = this.failures.get(sendAsEmail!);
        const failure = queued?.shift();
        if (failure) {
          call.status = failure;
          return answer(failure, { error: { code: failure, message: failure === 429 ? 'Rate Limit Exceeded' : 'Backend Error' } }, failure === 429 ? { 'retry-after': '0' } : {});
        }
        if (!scopes.includes('https://www.googleapis.com/auth/gmail.settings.basic')) {
          call.status = 403;
          return answer(403, { error: { code: 403, message: 'Delegation denied' } });
        }
        if (!own || this.unknown.has(sendAsEmail!)) {
          call.status = 404;
          return answer(404, { error: { code: 404, message: 'Invalid send-as address' } });
        }
        // Gmail stores (and answers with) its own rendering of the HTML when it rewrites it.
        const stored = this.options.normalise ? this.options.normalise(body.signature ?? '') : (body.signature ?? '');
        this.signatures.set(sendAsEmail!, stored);
        answer(200, { ...own, isDefault: own.isPrimary, signature: stored });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.rootUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
