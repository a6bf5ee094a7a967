import type { DocumentReference } from 'firebase-admin/firestore';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import { effectiveFields } from '../directory/user-view.js';

/** An audit target as a person reads it: what it is and, where it still exists, its name. */
export interface TargetName {
  /** "Template “Sales compact”", "Jane Doe", "a removed person". */
  label: string;
  /** Where the console shows it, when it still exists. */
  link: string | null;
}

type Target = { type: string; id: string };

/** Words for target types that have no name of their own. */
const TYPE_WORDS: Record<string, string> = {
  job: 'a background job',
  tenant: 'your organisation',
  settings: 'the settings',
  export: 'a data export',
  deletion: 'an erasure',
  access_review: 'the access review',
  assignment: 'a template assignment',
  account: 'a Herald account',
  invite: 'an invite to join',
  privacy_request: 'a request from a person about their data',
  google_customer: 'the Google Workspace connection',
  entra_tenant: 'the Microsoft 365 connection',
  operator_access: 'a Herald operator’s access',
  compliance_pack: 'the compliance pack',
};

/**
 * Names for the targets of audit entries, read now (a few reads per page, one round trip).
 * A person is named only while their directory record exists: an erased person's record is gone,
 * so their entries read "a removed person" and nothing resurrects the name.
 */
export async function targetNames(deps: Deps, tenantId: string, targets: readonly (Target | null)[]): Promise<Map<string, TargetName>> {
  const named = new Map<string, DocumentReference>();
  for (const t of targets) {
    if (!t) continue;
    const ref = refOf(deps, tenantId, t);
    if (ref) named.set(keyOf(t), ref);
  }
  const snaps = named.size ? await deps.db.getAll(...named.values()) : [];
  const data = new Map([...named.keys()].map((k, i) => [k, snaps[i]!.exists ? snaps[i]!.data()! : null]));
  const out = new Map<string, TargetName>();
  for (const t of targets) if (t) out.set(keyOf(t), nameOf(t, data.get(keyOf(t))));
  return out;
}

export const keyOf = (t: Target) => `${t.type}/${t.id}`;

function refOf(deps: Deps, tenantId: string, t: Target): DocumentReference | null {
  if (t.type === 'template') return doc(deps.db, 'templates', { tenantId, templateId: t.id });
  if (t.type === 'campaign') return doc(deps.db, 'campaigns', { tenantId, campaignId: t.id });
  if (t.type === 'user') return doc(deps.db, 'users', { tenantId, userId: t.id });
  return null;
}

function nameOf(t: Target, data: Record<string, unknown> | null | undefined): TargetName {
  if (t.type === 'template') return data ? { label: `Template “${String(data.name)}”`, link: `/templates/${t.id}` } : { label: 'a deleted template', link: null };
  if (t.type === 'campaign') return data ? { label: `Campaign “${String(data.name)}”`, link: `/campaigns/${t.id}` } : { label: 'a deleted campaign', link: null };
  if (t.type === 'user') {
    if (!data) return { label: 'a removed person', link: null };
    const u = effectiveFields(data as UserDoc);
    return { label: `${u.firstName} ${u.lastName}`.trim() || u.email, link: `/directory/users/${t.id}` };
  }
  if (t.type === 'domain' || t.type === 'host') return { label: t.id, link: null };
  if (t.type === 'incident') return { label: `Security incident ${t.id}`, link: '/privacy/incidents' };
  return { label: TYPE_WORDS[t.type] ?? t.type.replace(/_/g, ' '), link: null };
}
