import type { CollectionReference, DocumentReference, Firestore, FirestoreDataConverter } from 'firebase-admin/firestore';
import * as z from 'zod';
import { auditSchema } from './schemas/audit.js';
import { userSchema } from './schemas/user.js';
import { campaignSchema } from './schemas/campaign.js';
import { syncSettingsSchema } from './schemas/sync-settings.js';
import { jobSchema } from './schemas/job.js';
import { memberSchema } from './schemas/member.js';
import { tenantSchema, type RetentionSetting } from './schemas/tenant.js';
import { accessReviewSchema, deletionSchema, exportSchema, webhookNonceSchema } from './schemas/privacy.js';
import { assignmentSchema, deploymentSchema, templateSchema } from './schemas/signature.js';
import { receiptSchema, RECEIPT_RETENTION_DAYS } from './schemas/receipt.js';
import { EMPLOYEE_ENTRIES } from './counter-shape.js';
import { counterRollupSchema, counterSchema, employeeCounterSchema, HIT_LEDGER_RETENTION_DAYS, hitLedgerSchema, LINK_CLICK_DAY_RETENTION_DAYS, linkClickDaySchema, linkCodeSchema, recipientClickSchema } from './schemas/tracking.js';
import { addinFetchSchema, addinUsageSchema, ADDIN_USAGE_RETENTION_DAYS } from './schemas/addin.js';
import { inviteSchema, INVITE_DAYS } from './schemas/invite.js';
import { operatorAccessSchema, OPERATOR_ACCESS_RETENTION_DAYS } from './schemas/operator-access.js';
import { DSR_CONTACT_RETENTION_DAYS, DSR_RECORD_RETENTION_DAYS, dsrContactSchema, dsrSchema } from './schemas/dsr.js';
import { INCIDENT_RETENTION_DAYS, incidentSchema, incidentUpdateSchema, operatorIncidentSchema, operatorIncidentUpdateSchema } from './schemas/incident.js';
import { outboxSchema, OUTBOX_RETENTION_DAYS } from './schemas/mail.js';
import { alertSchema, ALERT_RETENTION_DAYS } from './schemas/alert.js';
import { sharedMailboxSchema } from './schemas/shared-mailbox.js';
import { collectionIdOf, fillPath, parentPattern, PATHS, type CollectionName } from './paths.js';

// The paths and their helpers live in paths.ts (no zod: the redirect uses them); read here too.
export { COLLECTION_NAMES, entryForDocPath, pathParams, pathRegex, type CollectionName } from './paths.js';

/**
 * The data catalog: one declaration per Firestore collection. Every privacy operation (user and
 * tenant purge, export, retention, the record of processing) is derived from it, and a test fails
 * when code writes to a collection that is not declared here.
 */

export const PERSONAL_DATA_CATEGORIES = {
  contact: 'Work contact details (email, phone numbers)',
  identity: 'Name',
  professional: 'Job title, work site addresses and company groups',
  pseudonymous_ids: 'Pseudonymous identifiers (account and directory ids)',
  usage: 'Usage of the service (views, clicks, receipts)',
  recipient_contact: 'Email addresses of external email recipients',
} as const;
export type PersonalDataCategory = keyof typeof PERSONAL_DATA_CATEGORIES;

export const DATA_SUBJECTS = {
  employee: "Employees of the customer listed in its directory",
  admin: "Customer staff who administer Herald",
  recipient: 'External recipients of employee email (opt-in tracking only)',
  operator: "Herald's own staff (operators) who asked the customer for access",
  requester: "People who made a data-subject request to the customer: employees, former employees or anyone else",
} as const;
export type DataSubject = keyof typeof DATA_SUBJECTS;

export const LEGAL_BASES = {
  contract: 'Art. 6(1)(b) GDPR: performance of the service contract with the customer (controller)',
  legitimate_interest: "Art. 6(1)(f) GDPR: the customer's legitimate interest",
  legal_obligation: 'Art. 6(1)(c) GDPR: legal obligation (accountability, Art. 5(2) and 30)',
} as const;
export type LegalBasis = keyof typeof LEGAL_BASES;

export type Retention =
  | { kind: 'while_tenant'; why: string }
  | { kind: 'while_user'; why: string }
  /** Expires `days` after writing through the `expireAt` field (Firestore TTL + daily backstop). */
  | {
      kind: 'ttl';
      days: number;
      why: string;
      /** The tenant may shorten the retention through this setting (never beyond `days`' product maximum). */
      tenantSetting?: RetentionSetting;
      /** The field holding the write time, so the daily sweep enforces a shortened setting on older documents too. */
      since?: string;
      /** When the days start, if not at writing ("the request is closed"): `expireAt` stays null until then. */
      from?: string;
    };

/**
 * The ids that identify whose a document is, and where the document holds them, so that erasure
 * and export find a subject's documents with indexed queries, never a scan:
 * - `userId`: a directory user (tenants/{t}/users/{userId});
 * - `authUid`: a Firebase Auth account (admins act with it; employees sign in with it);
 * - `recipientHash`: keyed hash of an external recipient's email address;
 * - `campaignId`: a campaign, for campaign purges.
 */
export type SubjectKey = 'userId' | 'authUid' | 'recipientHash' | 'campaignId';
export type SubjectLookup =
  | { key: SubjectKey; at: 'doc_id' }
  | { key: SubjectKey; at: 'field'; field: string }
  /** A path placeholder, e.g. `campaignId` in tenants/{tenantId}/campaigns/{campaignId}/counters/{id}. */
  | { key: SubjectKey; at: 'path'; param: string }
  /**
   * The subject's own entry in a document shared with others (an employee's counts in a campaign's
   * counter shard): `{map}.{id}`, found through the indexed array `index` that lists the map's keys.
   * Erasure deletes the entry and leaves the document; an export shows the entry only.
   */
  | { key: SubjectKey; at: 'map_key'; map: string; index: string };

/** What erasing a data subject does to their documents here. */
export type Erasure =
  | { kind: 'delete' }
  /** Keep the record (accountability) but replace the subject's ids with a pseudonym. */
  | { kind: 'pseudonymise'; fields: readonly string[] }
  | { kind: 'none'; why: string };

export interface CatalogEntry<S extends z.ZodType = z.ZodType, P extends string = string> {
  /** Document path pattern (paths.ts); every segment in braces is an id. */
  readonly path: P;
  readonly description: string;
  readonly schema: S;
  readonly personalData: readonly PersonalDataCategory[];
  readonly dataSubjects: readonly DataSubject[];
  readonly purpose: string;
  readonly legalBasis: LegalBasis;
  readonly recipients: string;
  readonly retention: Retention;
  readonly subjects: readonly SubjectLookup[];
  readonly erasure: Erasure;
  readonly export: { readonly user: boolean; readonly tenant: boolean };
  /**
   * Written once, never rewritten (incident records): the catalog's converter refuses a partial
   * write, the data layer creates with `create()` (which fails on an existing document), and no
   * client may write (firestore.rules). Expiry and tenant deletion still delete them.
   */
  readonly appendOnly?: true;
}

const entry = <S extends z.ZodType, P extends string>(e: CatalogEntry<S, P>) => e;

const PROCESSOR_ONLY = 'Herald (processor) and its sub-processor Google Cloud, in the tenant region only';

export const catalog = {
  tenants: entry({
    path: PATHS.tenants,
    description: 'A customer company: name, region, domains, status and settings; a hash and time of its last complete Gmail deployment, and the search-key version its users were last checked against',
    schema: tenantSchema,
    personalData: ['pseudonymous_ids'],
    dataSubjects: ['admin'],
    purpose: 'Operate the service for the customer',
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'while_tenant', why: 'Deleted with the tenant on uninstall' },
    subjects: [{ key: 'authUid', at: 'field', field: 'ownerUid' }],
    erasure: { kind: 'pseudonymise', fields: ['ownerUid'] },
    export: { user: false, tenant: true },
  }),
  users: entry({
    path: PATHS.users,
    description:
      'Directory record of an employee: the eight directory fields and self-service overrides, and searchKeys: lower-cased, accent-free prefixes of the name and email, derived for directory search (rewritten with the name, deleted and exported with the record)',
    schema: userSchema,
    personalData: ['contact', 'identity', 'professional', 'pseudonymous_ids'],
    dataSubjects: ['employee'],
    purpose: 'Render email signatures and target campaigns by group',
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'while_user', why: 'Deleted when the user leaves the directory or is purged' },
    subjects: [{ key: 'userId', at: 'doc_id' }],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  members: entry({
    path: PATHS.members,
    description: 'Who holds which role in the tenant (the source of roles; the Auth custom claims follow it)',
    schema: memberSchema,
    personalData: ['pseudonymous_ids'],
    dataSubjects: ['admin', 'employee'],
    purpose: 'Access control and the periodic access review',
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'while_user', why: 'Removed when the role is revoked or the account is purged' },
    subjects: [
      { key: 'authUid', at: 'doc_id' },
      { key: 'authUid', at: 'field', field: 'grantedBy' },
    ],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  audit: entry({
    path: PATHS.audit,
    description: 'Audit trail of admin actions, exports and purges (ids only)',
    schema: auditSchema,
    personalData: ['pseudonymous_ids'],
    dataSubjects: ['admin', 'employee'],
    purpose: 'Accountability and security of administrative actions',
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'ttl', days: 365, tenantSetting: 'auditRetentionDays', since: 'at', why: 'Long enough to investigate incidents' },
    subjects: [
      { key: 'authUid', at: 'field', field: 'actor.uid' },
      { key: 'userId', at: 'field', field: 'target.id' },
    ],
    erasure: { kind: 'pseudonymise', fields: ['actor.uid', 'target.id'] },
    export: { user: true, tenant: true },
  }),
  jobs: entry({
    path: PATHS.jobs,
    description: 'Progress of long-running work (sync, purge, export)',
    schema: jobSchema,
    personalData: ['pseudonymous_ids'],
    dataSubjects: ['admin'],
    purpose: 'Show admins the progress and outcome of long-running work',
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'ttl', days: 90, why: 'Progress is only useful for a few weeks' },
    subjects: [{ key: 'authUid', at: 'field', field: 'createdBy' }],
    erasure: { kind: 'pseudonymise', fields: ['createdBy'] },
    export: { user: false, tenant: true },
  }),
  campaigns: entry({
    path: PATHS.campaigns,
    description: "Banner and internal notification campaigns: content, dates, target groups, a banner A/B test's variants and weights (and once ended, its winner), UTM tags",
    schema: campaignSchema,
    personalData: [],
    dataSubjects: [],
    purpose: "Show the customer's banners in signatures and its notifications to employees",
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'while_tenant', why: 'Kept until the admin deletes the campaign or the tenant' },
    subjects: [{ key: 'campaignId', at: 'doc_id' }],
    erasure: { kind: 'delete' },
    export: { user: false, tenant: true },
  }),
  directorySync: entry({
    path: PATHS.directorySync,
    description: "Directory source settings: Google customer id and delegated admin's email, or Microsoft tenant id, and the Graph delta link",
    schema: syncSettingsSchema,
    personalData: ['contact'],
    dataSubjects: ['admin'],
    purpose: "Read the customer's directory from its Google Workspace or Microsoft 365 account",
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY + '; Google or Microsoft (the customer\'s own directory provider) receive the admin email as the impersonated subject',
    retention: { kind: 'while_tenant', why: 'Needed for every daily sync; replaced when the customer changes it, deleted with the tenant' },
    // The admin's email is not keyed by any subject id (it is the customer's configuration, not an
    // account): the customer replaces it when that admin leaves.
    subjects: [],
    erasure: { kind: 'none', why: 'Configuration the customer maintains; deleted with the tenant' },
    export: { user: false, tenant: true },
  }),
  templates: entry({
    path: PATHS.templates,
    description: 'Signature templates: sanitised HTML with placeholders, no personal data',
    schema: templateSchema,
    personalData: [],
    dataSubjects: [],
    purpose: "Render employees' email signatures in the customer's layout",
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'while_tenant', why: 'Kept until the admin deletes the template or the tenant' },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data' },
    export: { user: false, tenant: true },
  }),
  signatureAssignments: entry({
    path: PATHS.signatureAssignments,
    description: "Which signature template applies to everyone, to a group, to one user (by user id), or to a sending address (a shared mailbox or team alias on a verified domain; a person's own address is refused)",
    schema: assignmentSchema,
    personalData: ['pseudonymous_ids'],
    dataSubjects: ['employee'],
    purpose: 'Choose the signature template of each employee',
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'while_user', why: "A user's own assignment goes with the user; group and everyone assignments hold no personal data" },
    subjects: [{ key: 'userId', at: 'field', field: 'userId' }],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  signatureDeployments: entry({
    path: PATHS.signatureDeployments,
    description: "Last signature pushed to a user's Gmail, at their primary address and at each of their send-as aliases (the addresses): hashes of the HTML sent and of what Gmail stored, template and campaign ids, time, error status, and the last change made in Gmail by hand (when, restored or reported, a hash of what was seen; never the signature)",
    schema: deploymentSchema,
    personalData: ['pseudonymous_ids', 'usage', 'contact'],
    dataSubjects: ['employee'],
    purpose: 'Push a signature to Gmail only when it changed, show admins which pushes failed or were skipped, and find signatures changed in Gmail to restore or report them',
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'while_user', why: 'Only meaningful while the user exists' },
    subjects: [{ key: 'userId', at: 'doc_id' }],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  receipts: entry({
    path: PATHS.receipts,
    description: 'Notification receipts: one employee saw, clicked or liked one notification (ids and time only)',
    schema: receiptSchema,
    personalData: ['usage', 'pseudonymous_ids'],
    dataSubjects: ['employee'],
    purpose: 'Report how many employees saw, clicked and liked each internal notification',
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY + "; the customer's staff see only totals",
    retention: { kind: 'ttl', days: RECEIPT_RETENTION_DAYS, why: 'A year of reports; each kind of receipt can be switched off per notification' },
    subjects: [
      { key: 'userId', at: 'field', field: 'userId' },
      { key: 'campaignId', at: 'field', field: 'campaignId' },
    ],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  counters: entry({
    path: PATHS.counters,
    description: 'Banner views and clicks per campaign, UTC day and shard; bot hits by reason; human hits by device class; human hits per A/B variant (`variants`, aggregate counts, no person); each employee\'s views and clicks in the shard',
    schema: counterSchema,
    personalData: ['pseudonymous_ids', 'usage'],
    dataSubjects: ['employee'],
    purpose: "Campaign reports (aggregate counts) and the employee report: which employees' signatures bring views and clicks",
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY + "; the customer's staff",
    retention: { kind: 'while_tenant', why: "Aggregate statistics, deleted with the campaign or the tenant; an employee's own counts are deleted when the employee is purged" },
    subjects: [
      { key: 'campaignId', at: 'path', param: 'campaignId' },
      { key: 'userId', at: 'map_key', ...EMPLOYEE_ENTRIES },
    ],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  employeeCounters: entry({
    path: PATHS.employeeCounters,
    description: "Banner views and clicks per employee, campaign, UTC day and shard, as written before they moved into the campaign's counter shards (read, exported and erased; no longer written)",
    schema: employeeCounterSchema,
    personalData: ['pseudonymous_ids', 'usage'],
    dataSubjects: ['employee'],
    purpose: "Employee report: which employees' signatures bring views and clicks",
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY + "; the customer's staff",
    retention: { kind: 'while_user', why: 'Deleted when the employee is purged, or with the campaign or the tenant' },
    subjects: [
      { key: 'userId', at: 'field', field: 'userId' },
      { key: 'campaignId', at: 'path', param: 'campaignId' },
    ],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  // After `counters` and `employeeCounters` (same depth: erasure takes entries in this order), so a
  // purge's pass removes an employee from the shards before the rollups folded from them.
  counterRollups: entry({
    path: PATHS.counterRollups,
    description: "A finished UTC day of a campaign's counters folded from its shards, in pages: the day's views, clicks, bot hits by reason, devices and every other count of the shards, and each employee's views and clicks that day",
    schema: counterRollupSchema,
    personalData: ['pseudonymous_ids', 'usage'],
    dataSubjects: ['employee'],
    purpose: "Campaign reports (aggregate counts) and the employee report over many days, read from one document a day instead of every shard",
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY + "; the customer's staff",
    retention: { kind: 'while_tenant', why: "Aggregate statistics kept as long as the shards they are folded from: deleted with the campaign or the tenant; an employee's own counts are deleted when the employee is purged" },
    subjects: [
      { key: 'campaignId', at: 'path', param: 'campaignId' },
      { key: 'userId', at: 'map_key', ...EMPLOYEE_ENTRIES },
    ],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  recipientClicks: entry({
    path: PATHS.recipientClicks,
    description: 'Clicks by external email recipients (tenants that opted in only; links inserted by the Gmail add-on or minted through the API): sender, sealed recipient address and its keyed hash, campaign, time',
    schema: recipientClickSchema,
    personalData: ['recipient_contact', 'pseudonymous_ids', 'usage'],
    dataSubjects: ['recipient', 'employee'],
    purpose: 'Recipient-level click report for the customer, which opted in',
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'ttl', days: 90, tenantSetting: 'recipientTracking.retentionDays', since: 'at', why: 'Only useful for follow-up shortly after sending' },
    subjects: [
      { key: 'recipientHash', at: 'field', field: 'recipientHash' },
      { key: 'userId', at: 'field', field: 'userId' },
      { key: 'campaignId', at: 'field', field: 'campaignId' },
    ],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  linkClickDays: entry({
    path: PATHS.linkClickDays,
    description: "Clicks counted as people on one employee's links of one campaign on one UTC day (ids and a count)",
    schema: linkClickDaySchema,
    personalData: ['pseudonymous_ids', 'usage'],
    dataSubjects: ['employee'],
    purpose: 'Cap the clicks one link can count in a day, across instances, so that no one inflates their own counts',
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'ttl', days: LINK_CLICK_DAY_RETENTION_DAYS, why: 'Only read on the day it counts' },
    subjects: [
      { key: 'userId', at: 'field', field: 'userId' },
      { key: 'campaignId', at: 'field', field: 'campaignId' },
    ],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  linkCodes: entry({
    path: PATHS.linkCodes,
    description: 'Short numbers that tracked-link tokens carry in place of a campaign or employee id',
    schema: linkCodeSchema,
    personalData: ['pseudonymous_ids'],
    dataSubjects: ['employee'],
    purpose: 'Resolve tracked links in sent email to their campaign and employee',
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'while_user', why: 'Deleted with the employee or the campaign: their links then stop being attributed' },
    subjects: [
      { key: 'userId', at: 'field', field: 'userId' },
      { key: 'campaignId', at: 'field', field: 'campaignId' },
    ],
    erasure: { kind: 'delete' },
    export: { user: false, tenant: true },
  }),
  deletions: entry({
    path: PATHS.deletions,
    description: 'Deletion certificates: what a purge erased (categories and counts), when, on whose instruction',
    schema: deletionSchema,
    personalData: [],
    dataSubjects: [],
    purpose: 'Prove to the customer and to supervisory authorities that erasure was carried out',
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'ttl', days: 1825, why: 'Outlives the tenant: evidence of erasure for five years' },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data; it is the evidence of the erasure' },
    export: { user: false, tenant: true },
  }),
  webhookNonces: entry({
    path: PATHS.webhookNonces,
    description: 'Signatures of uninstall webhooks already received, to refuse replays',
    schema: webhookNonceSchema,
    personalData: [],
    dataSubjects: [],
    purpose: 'Security of the uninstall webhook (replay protection)',
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'ttl', days: 1, why: 'A signature older than its validity window is refused anyway' },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data' },
    export: { user: false, tenant: false },
  }),
  hitLedger: entry({
    path: PATHS.hitLedger,
    description: 'Which queued tracking messages a commit already folded into the counter shards: their random ids, how many hits, when (no tenant, employee or recipient is named)',
    schema: hitLedgerSchema,
    personalData: [],
    dataSubjects: [],
    purpose: 'Counts every view and click exactly once although the queue may deliver a message twice',
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'ttl', days: HIT_LEDGER_RETENTION_DAYS, why: 'Longer than the queue keeps an unacknowledged message (7 days): after that no copy can come back' },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data' },
    export: { user: false, tenant: false },
  }),
  exports: entry({
    path: PATHS.exports,
    description: 'Manifests of whole-tenant exports (the files themselves are in storage)',
    schema: exportSchema,
    personalData: ['pseudonymous_ids'],
    dataSubjects: ['admin'],
    purpose: "Hand the customer's admins a copy of all their data (reversibility)",
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'ttl', days: 7, why: 'A download link is only needed for a few days' },
    subjects: [{ key: 'authUid', at: 'field', field: 'createdBy' }],
    erasure: { kind: 'pseudonymise', fields: ['createdBy'] },
    export: { user: false, tenant: false },
  }),
  accessReviews: entry({
    path: PATHS.accessReviews,
    description: 'Monthly access review: each account holding a role, when it last acted, inactive admins flagged',
    schema: accessReviewSchema,
    personalData: ['pseudonymous_ids', 'usage'],
    dataSubjects: ['admin', 'employee'],
    purpose: 'Periodic review of who may access personal data (security, Art. 32)',
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'ttl', days: 400, why: 'Kept until the next yearly review has been compared' },
    subjects: [{ key: 'authUid', at: 'field', field: 'uid' }],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  addinFetches: entry({
    path: PATHS.addinFetches,
    description: 'An employee fetched their signature through the Outlook add-in on a UTC day (directory id and day only, no content)',
    schema: addinFetchSchema,
    personalData: ['pseudonymous_ids', 'usage'],
    dataSubjects: ['employee'],
    purpose: 'Count distinct employees whose Outlook add-in fetched their signature each day, for the admin console',
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY + "; the customer's admins see only daily totals",
    retention: { kind: 'ttl', days: ADDIN_USAGE_RETENTION_DAYS, why: 'The console shows the last 30 days' },
    subjects: [{ key: 'userId', at: 'field', field: 'userId' }],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  addinUsage: entry({
    path: PATHS.addinUsage,
    description: 'Per UTC day: how many distinct employees fetched their signature through the Outlook add-in',
    schema: addinUsageSchema,
    personalData: [],
    dataSubjects: [],
    purpose: "Show admins whether the Outlook add-in reaches their employees (aggregate counts, no person identifiable)",
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'ttl', days: ADDIN_USAGE_RETENTION_DAYS, why: 'The console shows the last 30 days' },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data (daily totals)' },
    export: { user: false, tenant: true },
  }),
  invites: entry({
    path: PATHS.invites,
    description: "A role an admin promised to a work address before that person's first sign-in (address, role, who invited)",
    schema: inviteSchema,
    personalData: ['contact', 'pseudonymous_ids'],
    dataSubjects: ['admin', 'employee'],
    purpose: 'Give a colleague their role at their first sign-in (access control)',
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'ttl', days: INVITE_DAYS, why: 'Deleted when the person first signs in; an unused invite lapses after two weeks' },
    subjects: [{ key: 'authUid', at: 'field', field: 'invitedBy' }],
    erasure: { kind: 'delete' },
    export: { user: false, tenant: true },
  }),
  operatorAccess: entry({
    path: PATHS.operatorAccess,
    description: "A Herald operator's request to look into the tenant (areas, read-only or not, why, how long) and the owner's decision (who, when, until when)",
    schema: operatorAccessSchema,
    personalData: ['contact', 'pseudonymous_ids'],
    dataSubjects: ['operator', 'admin'],
    purpose: "Let Herald's staff see a tenant's data only with its owners' approval, within the approved areas and time (Art. 28(3) and 32)",
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the customer's owners",
    retention: { kind: 'ttl', days: OPERATOR_ACCESS_RETENTION_DAYS, why: 'Evidence of who was let in, kept past the next yearly access review' },
    subjects: [
      { key: 'authUid', at: 'field', field: 'decidedBy' },
      { key: 'authUid', at: 'field', field: 'endedBy' },
    ],
    erasure: { kind: 'pseudonymise', fields: ['decidedBy', 'endedBy'] },
    export: { user: false, tenant: true },
  }),
  dataSubjectRequests: entry({
    path: PATHS.dataSubjectRequests,
    description:
      "A request a person made to the customer under GDPR Art. 15-22 (access, rectification, erasure, restriction, objection, portability): type, channel, day received, deadline and its extension with the reason, the export or erasure that answered it, outcome; the person only as their directory id and a keyed hash of their address (name, address and note are in dataSubjectContacts)",
    schema: dsrSchema,
    personalData: ['pseudonymous_ids'],
    dataSubjects: ['requester', 'admin'],
    purpose: "Answer people's requests within the Art. 12(3) deadline, and prove that they were answered (accountability)",
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: {
      kind: 'ttl',
      days: DSR_RECORD_RETENTION_DAYS,
      from: 'the request is closed',
      why: "kept open as long as the request is; then three years as proof that it was answered in time, for a complaint to a supervisory authority (Art. 77) or a claim; it keeps no name or address, and outlives the person's erasure (Art. 17(3)(b) and (e))",
    },
    subjects: [
      { key: 'userId', at: 'field', field: 'subjectUserId' },
      { key: 'authUid', at: 'field', field: 'createdBy' },
      { key: 'authUid', at: 'field', field: 'closedBy' },
    ],
    erasure: { kind: 'pseudonymise', fields: ['subjectUserId', 'createdBy', 'closedBy'] },
    export: { user: true, tenant: true },
  }),
  dataSubjectContacts: entry({
    path: PATHS.dataSubjectContacts,
    description: "The person behind a data-subject request: address, name, the admin's note, their directory id and the keyed hash of their address",
    schema: dsrContactSchema,
    personalData: ['contact', 'identity', 'pseudonymous_ids'],
    dataSubjects: ['requester'],
    purpose: 'Identify and answer the person who made a data-subject request',
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: {
      kind: 'ttl',
      days: DSR_CONTACT_RETENTION_DAYS,
      from: 'the request is closed',
      why: "kept open as long as the request is; then a year, to recognise a repeated request (Art. 12(5)); deleted at once by the person's erasure",
    },
    subjects: [
      { key: 'userId', at: 'field', field: 'userId' },
      { key: 'recipientHash', at: 'field', field: 'emailHash' },
    ],
    erasure: { kind: 'delete' },
    export: { user: true, tenant: true },
  }),
  operatorIncidents: entry({
    path: PATHS.operatorIncidents,
    description: "Herald's register of personal-data breaches (Art. 33): what happened, when detected and recorded, categories, approximate numbers, consequences, measures, contact point, and exactly which tenants it reaches",
    schema: operatorIncidentSchema,
    personalData: [],
    dataSubjects: [],
    purpose: 'Notify each affected customer of a breach without undue delay, and document it (Art. 33(2) and (5))',
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'ttl', days: INCIDENT_RETENTION_DAYS, why: 'Documentation of the breach for five years; outlives the tenants it names (by id only)' },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data (counts and categories only)' },
    export: { user: false, tenant: false },
    appendOnly: true,
  }),
  operatorIncidentUpdates: entry({
    path: PATHS.operatorIncidentUpdates,
    description: "An update appended to Herald's register of a breach: what was learnt or done, the revised facts, its time",
    schema: operatorIncidentUpdateSchema,
    personalData: [],
    dataSubjects: [],
    purpose: 'Notify each affected customer of a breach in phases as facts are learnt (Art. 33(4))',
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY,
    retention: { kind: 'ttl', days: INCIDENT_RETENTION_DAYS, why: 'Kept as long as the incident it belongs to' },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data (counts and categories only)' },
    export: { user: false, tenant: false },
    appendOnly: true,
  }),
  incidents: entry({
    path: PATHS.incidents,
    description: "The customer's copy of a breach that affects it: the facts, and when it was detected, recorded and notified to its owners (no other customer is named)",
    schema: incidentSchema,
    personalData: [],
    dataSubjects: [],
    purpose: "Inform the customer (controller) of a breach without undue delay so it can meet its own duties (Art. 33(2), 33(5), 34)",
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the customer's owners and admins",
    retention: { kind: 'ttl', days: INCIDENT_RETENTION_DAYS, why: "The customer's documentation of the breach for five years; deleted with the tenant (export it first)" },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data (counts and categories only)' },
    export: { user: false, tenant: true },
    appendOnly: true,
  }),
  incidentUpdates: entry({
    path: PATHS.incidentUpdates,
    description: "An update appended to the customer's copy of a breach: what was learnt or done, the revised facts, when it was notified",
    schema: incidentUpdateSchema,
    personalData: [],
    dataSubjects: [],
    purpose: 'Inform the customer of a breach in phases as facts are learnt (Art. 33(4))',
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the customer's owners and admins",
    retention: { kind: 'ttl', days: INCIDENT_RETENTION_DAYS, why: 'Kept as long as the incident it belongs to' },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data (counts and categories only)' },
    export: { user: false, tenant: true },
    appendOnly: true,
  }),
  outbox: entry({
    path: PATHS.outbox,
    description: "Mail to the tenant's owners (alerts, incidents): subject, text, delivery status and attempts; the recipients are resolved from the owners at each attempt and not stored (only their count)",
    schema: outboxSchema,
    personalData: [],
    dataSubjects: [],
    purpose: "Tell the customer's owners about alerts and incidents (Art. 28(3)(f) and 33(2) GDPR), and prove when they were told",
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the region's outgoing mail server; the customer's owners",
    retention: { kind: 'ttl', days: OUTBOX_RETENTION_DAYS, why: 'Shows what was mailed and when for six months' },
    subjects: [],
    erasure: { kind: 'none', why: 'Holds no personal data: Herald writes the text, and recipients are not stored' },
    export: { user: false, tenant: true },
  }),
  alerts: entry({
    path: PATHS.alerts,
    description: 'Security alerts raised by the detectors over the audit log and the jobs: which rule, counts, the account whose actions raised it and the account it is about (ids), who acknowledged it and when',
    schema: alertSchema,
    personalData: ['pseudonymous_ids'],
    dataSubjects: ['admin'],
    purpose: "Monitoring and detection: tell the customer's owners about unusual administrative activity (Art. 32 GDPR)",
    legalBasis: 'legal_obligation',
    recipients: PROCESSOR_ONLY + "; the customer's owners and admins",
    retention: { kind: 'ttl', days: ALERT_RETENTION_DAYS, why: 'A year of alerts to look back on, like the audit log' },
    subjects: [
      { key: 'authUid', at: 'field', field: 'actor' },
      { key: 'authUid', at: 'field', field: 'about' },
      { key: 'authUid', at: 'field', field: 'acknowledgedBy' },
    ],
    erasure: { kind: 'pseudonymise', fields: ['actor', 'about', 'acknowledgedBy'] },
    export: { user: true, tenant: true },
  }),
  sharedMailboxes: entry({
    path: PATHS.sharedMailboxes,
    description:
      "Shared mailboxes the directory source lists (Microsoft 365), on the tenant's verified domains: address, display name, source and the source's object id. Not people: they get no directory record and no signature of their own",
    schema: sharedMailboxSchema,
    // A role address of the organisation (support@, sales@) is not a person's; but a display name or
    // an address may still name one ("Jane's desk"), so it is declared as contact and identity data.
    personalData: ['contact', 'identity'],
    dataSubjects: ['employee'],
    purpose: 'Offer the shared mailboxes as sending addresses an admin may assign a signature template to',
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'while_tenant', why: 'Mirrors the directory source: removed when a complete listing no longer has it (or the source reports it removed), deleted with the tenant' },
    // Not keyed by any person: a mailbox is the organisation's, not a directory user's.
    subjects: [],
    erasure: { kind: 'none', why: "The organisation's own mailboxes, not a person's; renamed or removed at the source, the next sync follows" },
    export: { user: false, tenant: true },
  }),
} as const satisfies { [K in CollectionName]: CatalogEntry<z.ZodType, (typeof PATHS)[K]> };

export type DocOf<K extends CollectionName> = z.output<(typeof catalog)[K]['schema']>;
export type DocInput<K extends CollectionName> = z.input<(typeof catalog)[K]['schema']>;

// The helpers below read each entry's path from the catalog object: tests add fixture entries to it.

/** The collection's own id: the segment before the last placeholder. */
export function collectionId(name: CollectionName): string {
  return collectionIdOf(catalog[name].path);
}

const converters = new Map<CollectionName, FirestoreDataConverter<unknown>>();

/**
 * Fields derived from others on the same document: a whole write derives them (the schema's
 * transform); a partial write that changes a source field must carry the derived one too.
 */
const DERIVED_FIELDS: Partial<Record<CollectionName, { field: string; from: readonly string[] }>> = {
  users: { field: 'searchKeys', from: ['email', 'firstName', 'lastName', 'overrides'] },
};

/** Writes are validated against the catalog schema; partial (merge) writes are validated by the caller. */
function converter<K extends CollectionName>(name: K): FirestoreDataConverter<DocOf<K>> {
  let c = converters.get(name);
  if (!c) {
    const schema = catalog[name].schema as z.ZodType;
    const derived = DERIVED_FIELDS[name];
    c = {
      toFirestore(data: unknown, options?: unknown) {
        if (options) {
          if ((catalog[name] as CatalogEntry).appendOnly) throw new Error(`refusing a partial ${name} write: its documents are written once and never rewritten`);
          const fields = data as Record<string, unknown>;
          if (derived && !(derived.field in fields) && derived.from.some((f) => f in fields)) {
            throw new Error(`refusing a partial ${name} write of ${derived.from.filter((f) => f in fields).join(', ')} without ${derived.field}`);
          }
          return fields;
        }
        const parsed = schema.safeParse(data);
        if (!parsed.success) {
          const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
          throw new Error(`refusing to write an invalid ${name} document: ${fields}`);
        }
        return parsed.data as Record<string, unknown>;
      },
      fromFirestore(snapshot) {
        return snapshot.data();
      },
    } as FirestoreDataConverter<unknown>;
    converters.set(name, c);
  }
  return c as FirestoreDataConverter<DocOf<K>>;
}

/** A typed collection reference; `ids` holds every placeholder but the last. */
export function col<K extends CollectionName>(db: Firestore, name: K, ids: Record<string, string>): CollectionReference<DocOf<K>, DocInput<K>> {
  return db.collection(fillPath(parentPattern(catalog[name].path), ids)).withConverter(converter(name)) as unknown as CollectionReference<DocOf<K>, DocInput<K>>;
}

/** A typed document reference; `ids` holds every placeholder. */
export function doc<K extends CollectionName>(db: Firestore, name: K, ids: Record<string, string>): DocumentReference<DocOf<K>, DocInput<K>> {
  return db.doc(fillPath(catalog[name].path, ids)).withConverter(converter(name)) as unknown as DocumentReference<DocOf<K>, DocInput<K>>;
}

/**
 * Processing that keeps no collection of its own: it reads personal data in flight and writes only
 * to collections declared above. Declared here so the record of processing lists it next to them.
 */
export interface TransientProcessing {
  name: string;
  description: string;
  personalData: readonly PersonalDataCategory[];
  dataSubjects: readonly DataSubject[];
  purpose: string;
  legalBasis: LegalBasis;
  recipients: string;
  /** What is kept, and where (the collections' own retention applies). */
  storage: string;
}

export const TRANSIENT_PROCESSING: Record<string, TransientProcessing> = {
  gmailAddon: {
    name: 'Gmail compose add-on',
    description:
      "While an employee writes an email in Gmail, the add-on receives from Google the employee's verified address and the draft's To, Cc and Bcc addresses (draft metadata, never the body or subject), and inserts the employee's current banner into the draft",
    personalData: ['contact', 'pseudonymous_ids', 'recipient_contact'],
    dataSubjects: ['employee', 'recipient'],
    purpose:
      "Insert the campaign banner into the employee's email; for a customer that opted in to recipient-level click tracking, when the draft has exactly one external recipient, seal that address into the banner's click link so that a click can be attributed to it",
    legalBasis: 'legitimate_interest',
    recipients: PROCESSOR_ONLY + '; Google (Gmail, which calls the add-on)',
    storage:
      "Nothing is stored by the add-on itself and no address is logged. The recipient's address travels only inside the link, sealed (AES-256-GCM); a click on it creates a recipientClicks record (see its retention). With several recipients, none, or no opt-in, the ordinary employee link is inserted and nothing about the recipients is kept",
  },
};

/**
 * Stored files (Cloud Storage), declared like the collections: the record of processing lists them,
 * and their retention sets each file's expiry (Custom-Time, which the bucket's lifecycle rule and
 * the daily retention sweep enforce). Keys start with the tenant, so tenant deletion removes them.
 */
export interface StoredFileEntry {
  /** Key pattern; `{tenantId}` comes first so a tenant's files share one prefix. */
  readonly key: string;
  readonly description: string;
  readonly personalData: readonly PersonalDataCategory[];
  readonly dataSubjects: readonly DataSubject[];
  readonly purpose: string;
  readonly legalBasis: LegalBasis;
  readonly recipients: string;
  readonly retention: Extract<Retention, { kind: 'ttl' } | { kind: 'while_tenant' }>;
}

const tenantExportEntries = Object.values(catalog as Record<string, CatalogEntry>).filter((e) => e.export.tenant);

export const storedFiles = {
  tenantExports: {
    key: 'tenants/{tenantId}/exports/{exportId}/{fileName}',
    description: "Whole-tenant export files (gzip-compressed JSON lines per collection, in parts, with a manifest of counts and SHA-256), downloaded by the customer's admins",
    personalData: [...new Set(tenantExportEntries.flatMap((e) => e.personalData))],
    dataSubjects: [...new Set(tenantExportEntries.flatMap((e) => e.dataSubjects))],
    purpose: "Hand the customer's admins a copy of all their data (reversibility)",
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY + "; the customer's admins",
    retention: { kind: 'ttl', days: (catalog.exports.retention as Extract<Retention, { kind: 'ttl' }>).days, why: 'A download is only needed for a few days; the manifest expires with it' },
  },
  hostedImages: {
    key: 'tenants/{tenantId}/images/{imageName}',
    description: 'Banner and logo images the customer uploaded (PNG, JPEG or GIF, re-encoded without metadata), served publicly to mail recipients from a content-hashed address',
    personalData: [],
    dataSubjects: [],
    purpose: "Show the customer's banners and logos in its employees' e-mail signatures",
    legalBasis: 'contract',
    recipients: PROCESSOR_ONLY + '; anyone who receives an e-mail showing the image (public address)',
    retention: { kind: 'while_tenant', why: 'Kept while a campaign or template shows it; deleted when the last campaign or template showing it is deleted, and with the tenant' },
  },
} as const satisfies Record<string, StoredFileEntry>;

export type StoredFileName = keyof typeof storedFiles;

/** The key prefix of a tenant's files of this kind: `tenants/acme/exports/`. */
export function storedFilePrefix(name: StoredFileName, tenantId: string): string {
  const key = storedFiles[name].key.replace('{tenantId}', tenantId);
  return key.slice(0, key.indexOf('{'));
}
