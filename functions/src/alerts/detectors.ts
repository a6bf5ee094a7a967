import { col } from '../core/catalog.js';
import type { AuditAction } from '../core/audit-actions.js';
import type { Deps } from '../core/deps.js';
import type { JobName } from '../core/jobs.js';
import { ROLE_RANK } from '../core/roles.js';
import type { AuditDoc } from '../core/schemas/audit.js';
import type { JobDoc } from '../core/schemas/job.js';
import type { Role } from '../core/schemas/tenant.js';

/** Webhook refusals a detector may watch: counted in memory by alerts/refused-hooks.ts, never stored one by one. */
export type HookRefusal = 'uninstall_refused';

/**
 * What a detector looks at: one new audit entry, one job that just finished or was held, or a count
 * of refused webhook requests that named the tenant's domain (`id`: which count, e.g. the UTC day).
 */
export type AlertEvent =
  | { type: 'audit'; id: string; doc: AuditDoc }
  | { type: 'job'; id: string; doc: JobDoc }
  | { type: 'hook'; id: string; hook: HookRefusal; domain: string; count: number; minutes: number; at: Date };

/** What a detector found. `key` deduplicates: the same detector and key is one alert. */
export interface Finding {
  key: string;
  severity: 'warning' | 'critical';
  title: string;
  /** Plain words for the console and the mail: counts, roles, domains; never a name or an address. */
  details: string;
  facts: Record<string, string | number>;
  /** The account whose actions raised it (shown by name in the console, never mailed). */
  actor: string | null;
  /** The account it is about, e.g. the new admin (shown by name in the console, never mailed). */
  about?: string | null;
}

export interface Detector {
  readonly id: string;
  /** What it watches and its threshold, in words (the console and the docs list them). */
  readonly watches: string;
  readonly on: { readonly audit?: readonly AuditAction[]; readonly jobs?: readonly JobName[]; readonly hooks?: readonly HookRefusal[] };
  check(deps: Deps, tenantId: string, event: AlertEvent): Promise<Finding | null>;
}

const atOf = (doc: { at?: unknown; updatedAt?: unknown }): Date => {
  const v = (doc.at ?? doc.updatedAt) as { toDate?: () => Date } | Date;
  return v instanceof Date ? v : v.toDate!();
};
const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** Exports and erasures: each hands personal data out or destroys it. */
export const BURST_ACTIONS = [
  'privacy.export_user',
  'privacy.export_tenant',
  'privacy.export_download',
  'privacy.purge_users',
  'privacy.purge_recipient',
  'privacy.purge_campaign',
] as const satisfies readonly AuditAction[];
export const BURST = { count: 5, minutes: 60 } as const;

/** Domains and the directory source decide whose data Herald reads and who may sign in. */
const BINDING_ACTIONS = {
  'directory.settings_update': 'The directory source settings were changed',
  'tenant.domain_add': 'A domain was added',
  'tenant.prove_dns_txt': 'A domain was proven by a DNS record',
  'tenant.prove_google_admin': 'Google Workspace was connected (domains proven)',
  'tenant.prove_microsoft_admin': 'Microsoft 365 was connected (domains proven)',
  'tenant.prove_microsoft_consent': 'Microsoft 365 consent was granted',
} as const satisfies Partial<Record<AuditAction, string>>;

/**
 * Refused uninstall requests (bad signature, bad or old timestamp, replay) naming one tenant's
 * verified domain, seen by one instance: this many within these minutes raise the alert.
 */
export const FORGED_UNINSTALL = { count: 5, minutes: 60 } as const;

/** A deployment fails "for most users" above this share of the users it tried, from this many users. */
export const DEPLOY_FAILING = { share: 0.5, minUsers: 3 } as const;

/**
 * The alert detectors: the one list. Each is a small rule over one audit entry or one job outcome;
 * the audit write path and the task runner enqueue a scan (alerts/watch.ts) only for the actions and
 * jobs some detector here watches, so the rest of the product pays nothing.
 */
export const DETECTORS: readonly Detector[] = [
  {
    id: 'export_erasure_burst',
    watches: `Exports and erasures by one account: ${BURST.count} or more within ${BURST.minutes} minutes (one alert per account and day)`,
    on: { audit: BURST_ACTIONS },
    async check(deps, tenantId, event) {
      if (event.type !== 'audit' || event.doc.actor.role === 'system') return null;
      const at = atOf(event.doc);
      const since = new Date(at.getTime() - BURST.minutes * 60_000);
      const recent = await col(deps.db, 'audit', { tenantId })
        .where('actor.uid', '==', event.doc.actor.uid)
        .where('at', '>=', since)
        .orderBy('at', 'desc')
        .limit(500)
        .get();
      const count = recent.docs.filter((d) => (BURST_ACTIONS as readonly string[]).includes(d.data().action)).length;
      if (count < BURST.count) return null;
      return {
        key: `${event.doc.actor.uid}:${utcDay(at)}`,
        severity: 'critical',
        title: 'Many exports or erasures by one account',
        details: `An account with the role ${event.doc.actor.role} ran ${count} exports or erasures within ${BURST.minutes} minutes (the alert threshold is ${BURST.count}). If nobody expected this, review that account's actions in the audit log and its role.`,
        facts: { count, minutes: BURST.minutes, role: event.doc.actor.role },
        actor: event.doc.actor.uid,
      };
    },
  },
  {
    id: 'new_owner_or_admin',
    watches: 'A new owner or admin: any account given the role owner or admin above the role it held, invites included (every such change alerts; not the founder of a new tenant)',
    on: { audit: ['members.role_change'] },
    async check(_deps, _tenantId, event) {
      if (event.type !== 'audit') return null;
      const from = String(event.doc.meta.from ?? 'none');
      const to = String(event.doc.meta.to ?? 'none');
      const rank = (r: string) => (r in ROLE_RANK ? ROLE_RANK[r as Role] : -1);
      // The founder of a new tenant is its first owner: that is no alert.
      if ((to !== 'owner' && to !== 'admin') || rank(to) <= rank(from) || event.doc.meta.via === 'onboarding') return null;
      return {
        key: event.id,
        severity: to === 'owner' ? 'critical' : 'warning',
        title: to === 'owner' ? 'A new owner' : 'A new admin',
        details: `An account was given the role ${to} (before: ${from === 'none' ? 'no role' : from}), by an account with the role ${event.doc.actor.role}${event.doc.meta.via === 'invite' ? ', through an invite' : ''}. Owners and admins can read and erase your employees' data: if nobody expected this, change the role on the Members screen.`,
        facts: { from, to },
        actor: event.doc.actor.uid,
        about: event.doc.target?.type === 'account' ? event.doc.target.id : null,
      };
    },
  },
  {
    id: 'directory_or_domain_change',
    watches: 'A change of the directory source or of the domains: new directory settings, a domain added or proven, Google Workspace or Microsoft 365 connected (every such change alerts)',
    on: { audit: Object.keys(BINDING_ACTIONS) as (keyof typeof BINDING_ACTIONS)[] },
    async check(_deps, _tenantId, event) {
      if (event.type !== 'audit') return null;
      const what = BINDING_ACTIONS[event.doc.action as keyof typeof BINDING_ACTIONS];
      if (!what) return null;
      const domain = event.doc.target?.type === 'domain' ? event.doc.target.id : null;
      return {
        key: event.id,
        severity: 'warning',
        title: domain ? `${what}: ${domain}` : what,
        details: `${what}${domain ? ` (${domain})` : ''}, by an account with the role ${event.doc.actor.role}. The domains and the directory source decide whose data Herald reads and who may sign in: if nobody expected this, review them on the Directory and Overview screens.`,
        facts: { change: event.doc.action, ...(domain ? { domain } : {}) },
        actor: event.doc.actor.role === 'system' ? null : event.doc.actor.uid,
      };
    },
  },
  {
    id: 'sync_held_mass_removal',
    watches: 'A directory sync held because more users left the source than the safety limit allows (10 % of the directory, at least 3, at most 50)',
    on: { jobs: ['directory.sync'] },
    async check(_deps, _tenantId, event) {
      if (event.type !== 'job' || event.doc.status !== 'held' || event.doc.error?.code !== 'mass_removal') return null;
      const pending = event.doc.counts.pendingRemovals ?? 0;
      return {
        key: event.id,
        severity: 'critical',
        title: 'A directory sync stopped before removing many users',
        details: `A directory sync found ${pending} users no longer in the source, more than the safety limit, and removed nobody. If the source is right, an admin confirms the removal on the Directory screen; if not, fix the source and sync again.`,
        facts: { pendingRemovals: pending },
        actor: null,
      };
    },
  },
  {
    id: 'deployment_failing',
    watches: `A signature deployment failing for most users: more than ${DEPLOY_FAILING.share * 100} % of the users it tried (at least ${DEPLOY_FAILING.minUsers}) refused by Gmail or over the size limit`,
    on: { jobs: ['signatures.deploy'] },
    async check(_deps, _tenantId, event) {
      if (event.type !== 'job' || event.doc.status !== 'done') return null;
      const c = event.doc.counts;
      const failed = (c.failed ?? 0) + (c.too_large ?? 0);
      const tried = failed + (c.pushed ?? 0) + (c.unchanged ?? 0);
      if (tried < DEPLOY_FAILING.minUsers || failed / tried <= DEPLOY_FAILING.share) return null;
      return {
        key: event.id,
        severity: 'warning',
        title: 'A signature deployment failed for most users',
        details: `A signature deployment failed for ${failed} of the ${tried} users it tried. The Deployment screen lists who and why.`,
        facts: { failed, tried },
        actor: null,
      };
    },
  },
  {
    id: 'forged_uninstall_requests',
    watches: `Forged or stale requests to uninstall Herald for one of your domains (refused; nothing is deleted): ${FORGED_UNINSTALL.count} or more within ${FORGED_UNINSTALL.minutes} minutes (one alert per day)`,
    on: { hooks: ['uninstall_refused'] },
    async check(_deps, _tenantId, event) {
      if (event.type !== 'hook' || event.hook !== 'uninstall_refused' || event.count < FORGED_UNINSTALL.count) return null;
      return {
        key: `uninstall_refused:${utcDay(event.at)}`,
        severity: 'warning',
        title: 'Forged or stale uninstall requests were refused',
        details: `Herald refused ${event.count} requests within ${event.minutes} minutes to uninstall it for your domain ${event.domain}: they were not signed by the marketplace, were too old, or repeated an earlier request. Nothing was deleted and your data is untouched. Someone may be trying to have your organisation's data deleted; a genuine uninstall comes from your Google Workspace or Microsoft 365 admin console. If this goes on, tell Herald support.`,
        facts: { domain: event.domain, count: event.count, minutes: event.minutes },
        actor: null,
      };
    },
  },
];

/** Whether the detector watches this event (one rule for the scan and the webhook path). */
export function watchesEvent(detector: Detector, event: AlertEvent): boolean {
  if (event.type === 'audit') return (detector.on.audit as readonly string[] | undefined)?.includes(event.doc.action) ?? false;
  if (event.type === 'job') return (detector.on.jobs as readonly string[] | undefined)?.includes(event.doc.kind) ?? false;
  return detector.on.hooks?.includes(event.hook) ?? false;
}

export const WATCHED_ACTIONS: ReadonlySet<string> = new Set(DETECTORS.flatMap((d) => d.on.audit ?? []));
export const WATCHED_JOBS: ReadonlySet<string> = new Set(DETECTORS.flatMap((d) => d.on.jobs ?? []));
