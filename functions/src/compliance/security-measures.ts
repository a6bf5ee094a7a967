import type { CodeFacts } from './code-facts.js';
import { stampFacts, type PackDocument, type Stamp } from './pack-document.js';

/** Where the code shows a measure: a file of the repository and a string it contains (checked by test/unit/compliance-pack.test.ts; never printed). */
export interface Evidence {
  file: string;
  shows: string;
}

export interface Measure {
  area: string;
  title: string;
  details: string[];
  evidence: Evidence[];
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);
const per = (seconds: number) => (seconds % 60 === 0 ? (seconds === 60 ? 'minute' : `${seconds / 60} minutes`) : `${seconds} seconds`);
const hstsWords = (hsts: string) => {
  const age = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
  return `use HTTPS only, for ${age >= 86_400 ? days(Math.round(age / 86_400)) : `${age} seconds`}${/includeSubDomains/i.test(hsts) ? ', subdomains included' : ''} (HTTP Strict Transport Security)`;
};

/**
 * The Art. 32 measures, each written from a code fact: a fact that is absent (null, empty) leaves
 * its measure out. One list, in the order the pack prints them.
 */
const MEASURES: ((f: CodeFacts) => Measure | null)[] = [
  (f) =>
    f.transport.hsts
      ? {
          area: 'Encryption in transit',
          title: 'HTTPS only',
          details: [
            `Every page, file and API answer of the console tells browsers to ${hstsWords(f.transport.hsts)}; Google's front ends serve HTTPS only.`,
            ...(f.transport.csp ? ['A strict Content-Security-Policy: the console runs only its own scripts (no inline script, no eval) and cannot be framed by another site.'] : []),
          ],
          evidence: [
            { file: 'functions/src/http/browser-headers.ts', shows: "'Strict-Transport-Security'" },
            { file: 'firebase.json', shows: 'Strict-Transport-Security' },
          ],
        }
      : null,
  () => ({
    area: 'Encryption at rest',
    title: 'Google-managed encryption of everything stored',
    details: ['Firestore, Cloud Storage and the task queues are encrypted at rest by Google Cloud by default; Herald configures no weaker option.'],
    evidence: [{ file: 'firebase.json', shows: '"firestore"' }],
  }),
  (f) =>
    f.recipientSealing
      ? {
          area: 'Encryption at rest',
          title: 'External recipients\' addresses sealed',
          details: [
            `Where a customer opts in to recipient tracking, a recipient's address is stored and carried in links only sealed with ${f.recipientSealing.cipher.toUpperCase()} (authenticated encryption, bound to its tenant and link), with keys held in Secret Manager and rotated by key id.`,
            'A recipient is found for erasure by a keyed hash (HMAC-SHA256) of the address, never by the address itself.',
          ],
          evidence: [
            { file: 'functions/src/tracking/recipient-seal.ts', shows: 'createCipheriv(SEAL_CIPHER' },
            { file: 'functions/src/tracking/recipient-seal.ts', shows: "createHmac('sha256'" },
          ],
        }
      : null,
  (f) =>
    f.linkTokens
      ? {
          area: 'Integrity',
          title: 'Signed tracked links',
          details: [
            `Every tracked link carries a ${f.linkTokens.macBits}-bit HMAC-SHA256 signature under a rotating key: a forged or altered link is refused.`,
            'A link never carries a web address, so it cannot be turned into a redirect to another site.',
          ],
          evidence: [{ file: 'functions/src/tracking/token-codec.ts', shows: "createHmac('sha256', key)" }],
        }
      : null,
  (f) =>
    f.webhook
      ? {
          area: 'Integrity',
          title: 'Signed uninstall webhooks',
          details: [`The uninstall webhook is accepted only with an HMAC-SHA256 signature over its time and body, within ${per(f.webhook.toleranceSeconds)}; a signature already received is refused (replay).`],
          evidence: [{ file: 'functions/src/privacy/verify-webhook.ts', shows: 'TOLERANCE_SECONDS) throw' }],
        }
      : null,
  (f) => ({
    area: 'Access control',
    title: 'Roles, from least to most trusted',
    details: [
      `${f.roles.map((r) => `${r.role} (rank ${r.rank})`).join(' > ')}: a person may do what their role and every role of a lower rank may do. Roles come from the tenant's own member records, never from the request.`,
      `Of the API's routes, ${f.access.byRole.filter((r) => r.routes > 0).map((r) => `${r.routes} require at least the ${r.role} role`).join(', ')}; ${f.access.signedIn} require a signed-in account and ${f.access.public} are public (sign-in, region lookup, links).`,
      "A tenant route acts on the caller's own tenant only: the tenant comes from the caller's account, never from the address or the body.",
    ],
    evidence: [
      { file: 'functions/src/core/roles.ts', shows: 'ROLE_RANK' },
      { file: 'functions/src/http/route.ts', shows: "taken\n * from the token's `tid` claim, never from the URL" },
    ],
  }),
  (f) =>
    f.operatorAccess
      ? {
          area: 'Access control',
          title: "Herald's staff only with the customer's approval",
          details: [
            `A Herald operator holds no role in any tenant: they read a tenant's data only under an approval its owners gave, for the areas named, read-only unless approved otherwise, for at most ${f.operatorAccess.maxHours} hours, after which it ends on its own.`,
            `Each of the ${f.operatorAccess.tenantRoutes} operator routes that read a tenant checks that approval before answering, and writes the read to the tenant's audit log, which its owners see.`,
          ],
          evidence: [
            { file: 'functions/src/api/api-app.ts', shows: 'await authorizeOperator(deps, def' },
            { file: 'functions/src/operator/require-approval.ts', shows: 'export async function requireApproval' },
            { file: 'functions/src/operator/authorize-operator.ts', shows: "action: def.method === 'get' ? 'operator.read'" },
          ],
        }
      : null,
  (f) =>
    f.clientStoreAccess === 'none'
      ? {
          area: 'Access control',
          title: 'No direct database or file access from browsers',
          details: ['The Firestore and Cloud Storage security rules refuse every read and write from a browser or app: all access goes through the API, which checks the role and writes the audit log.'],
          evidence: [
            { file: 'firestore.rules', shows: 'allow read, write: if false;' },
            { file: 'storage.rules', shows: 'allow read, write: if false;' },
          ],
        }
      : null,
  (f) =>
    f.audit.actions > 0
      ? {
          area: 'Accountability',
          title: 'Audit log',
          details: [
            `${f.audit.actions} kinds of action are written to the tenant's audit log, in ${f.audit.categories.length} categories: ${f.audit.categories.map((c) => `${c.category} (${c.actions})`).join(', ')}.`,
            `Every one of the ${f.auditedChanges.changing} routes by which staff (the customer's or Herald's) change data writes an audit entry (${f.auditedChanges.audited} with the change itself; the rest change nothing and say why).`,
          ],
          evidence: [
            { file: 'functions/src/core/audit-actions.ts', shows: 'export const AUDIT_ACTIONS' },
            { file: 'functions/src/api/route-table.ts', shows: 'changes data but declares no audit entry' },
          ],
        }
      : null,
  (f) =>
    f.accessReviews
      ? {
          area: 'Accountability',
          title: 'Monthly access review',
          details: ['On the first of each month, every account holding a role is listed with its last activity; owners and admins inactive for long are flagged for removal.'],
          evidence: [{ file: 'functions/src/tasks/schedules.ts', shows: 'accessReviewMonthly' }],
        }
      : null,
  (f) =>
    f.retention.length > 0
      ? {
          area: 'Storage limitation',
          title: 'Retention enforced',
          details: [
            ...f.retention.map((r) => `${r.description}: ${days(r.days)}${r.tenantMaxDays !== null ? ` by default (the customer may shorten it, or lengthen it up to ${days(r.tenantMaxDays)})` : ''}${r.expiryPolicy ? '' : ' (daily sweep only)'}`),
            'Each record carries its expiry: Firestore deletes expired records by a time-to-live policy, and a daily sweep deletes any the policy has not reached yet.',
          ],
          evidence: [
            { file: 'firestore.indexes.json', shows: '"ttl": true' },
            { file: 'functions/src/tasks/schedules.ts', shows: 'retentionDaily' },
          ],
        }
      : null,
  (f) =>
    f.deletionCertificates
      ? {
          area: 'Storage limitation',
          title: 'Verified erasure',
          details: ["An erasure walks every collection of the data catalog, then checks that nothing of the person is left; a certificate records what was erased, without the person's data."],
          evidence: [{ file: 'functions/src/core/catalog.ts', shows: 'deletions: entry(' }],
        }
      : null,
  (f) =>
    f.rateLimits.length > 0
      ? {
          area: 'Availability and abuse',
          title: 'Rate limits',
          details: f.rateLimits.map((l) => `${l.what[0]!.toUpperCase()}${l.what.slice(1)}: at most ${l.max} per ${per(l.windowSeconds)} per ${l.per === 'client' ? 'network address' : 'signed-in person'}`),
          evidence: [{ file: 'functions/src/api/api-app.ts', shows: 'limiter!.consume(' }],
        }
      : null,
  (f) => ({
    area: 'Separation',
    title: 'One project per region',
    details: [`Each region is its own Google Cloud project (${f.regions.map((r) => r.label).join('; ')}); a tenant lives in one, and no data crosses between them.`],
    evidence: [{ file: 'functions/src/core/regions.ts', shows: 'nothing crosses between them' }],
  }),
];

export function securityMeasures(facts: CodeFacts): Measure[] {
  return MEASURES.map((m) => m(facts)).filter((m): m is Measure => m !== null);
}

export function measuresDocument(facts: CodeFacts, stamp: Stamp): PackDocument {
  const measures = securityMeasures(facts);
  const areas = [...new Set(measures.map((m) => m.area))];
  return {
    id: 'security-measures',
    title: 'Technical and organisational measures (GDPR Art. 32)',
    blocks: [
      stampFacts(stamp),
      { kind: 'paragraph', text: 'Each measure below is written from the code that applies it, in the version stated above: a measure the code does not contain is not listed.' },
      ...areas.flatMap((area) => [
        { kind: 'heading' as const, text: area },
        ...measures.filter((m) => m.area === area).flatMap((m) => [{ kind: 'subheading' as const, text: m.title }, { kind: 'list' as const, items: m.details }]),
      ]),
    ],
  };
}
