/**
 * The audit log's actions, each in the readable category the console filters by: the one list.
 * `writeAudit` and a route's `audit.action` take only these names (the compiler refuses another),
 * so no action can reach the log without a category.
 */
export const AUDIT_ACTIONS = {
  'members.role_change': 'Roles and members',
  'members.invite': 'Roles and members',
  'members.invite_revoke': 'Roles and members',
  'privacy.access_review': 'Roles and members',
  'privacy.export_download': 'Privacy requests',
  'privacy.export_self': 'Privacy requests',
  'privacy.export_tenant': 'Privacy requests',
  'privacy.export_user': 'Privacy requests',
  'privacy.purge_campaign': 'Privacy requests',
  'privacy.purge_completed': 'Privacy requests',
  'privacy.purge_recipient': 'Privacy requests',
  'privacy.purge_users': 'Privacy requests',
  'privacy.retention_update': 'Privacy requests',
  'privacy.request_log': 'Privacy requests',
  'privacy.request_extend': 'Privacy requests',
  'privacy.request_link': 'Privacy requests',
  'privacy.request_close': 'Privacy requests',
  'recipients.read': 'Privacy requests',
  'directory.import': 'Directory',
  'directory.profile_edit': 'Directory',
  'directory.settings_update': 'Directory',
  'directory.sync_confirm': 'Directory',
  'directory.sync_start': 'Directory',
  'directory.user_edit': 'Directory',
  'template.assign': 'Signatures',
  'template.create': 'Signatures',
  'template.delete': 'Signatures',
  'template.unassign': 'Signatures',
  'template.update': 'Signatures',
  'image.upload': 'Signatures',
  'signature.deploy': 'Signatures',
  'signature.gmail_check': 'Signatures',
  'campaign.create': 'Campaigns',
  'campaign.delete': 'Campaigns',
  'campaign.update': 'Campaigns',
  'campaign.ab_test_end': 'Campaigns',
  'links.mint': 'Campaigns',
  'tenant.create': 'Organisation and domains',
  'tenant.settings_update': 'Organisation and domains',
  'tenant.domain_add': 'Organisation and domains',
  'tenant.prove_dns_txt': 'Organisation and domains',
  'tenant.prove_google_admin': 'Organisation and domains',
  'tenant.prove_microsoft_admin': 'Organisation and domains',
  'tenant.prove_microsoft_consent': 'Organisation and domains',
  'tenant.destination_host_add': 'Organisation and domains',
  'tenant.destination_host_remove': 'Organisation and domains',
  'tenant.links_suspend': 'Organisation and domains',
  'tenant.links_restore': 'Organisation and domains',
  'operator.access_request': 'Operator access',
  'operator.access_approve': 'Operator access',
  'operator.access_deny': 'Operator access',
  'operator.access_end': 'Operator access',
  'operator.read': 'Operator access',
  'operator.change': 'Operator access',
  'compliance.pack_download': 'Privacy requests',
  'alerts.acknowledge': 'Security alerts',
  'incident.notify': 'Security incidents',
  'incident.update': 'Security incidents',
  'incident.export': 'Security incidents',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditCategory = (typeof AUDIT_ACTIONS)[AuditAction];

/** The categories in the order the console lists them. */
export const AUDIT_CATEGORIES = [...new Set(Object.values(AUDIT_ACTIONS))] as AuditCategory[];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action);
}

/** The actions of one category (at most 30: one Firestore `in` filter). */
export function actionsOf(category: AuditCategory): AuditAction[] {
  return (Object.keys(AUDIT_ACTIONS) as AuditAction[]).filter((a) => AUDIT_ACTIONS[a] === category);
}

/** The category of a stored action; an action of an older version that left the list reads "Other". */
export function categoryOf(action: string): AuditCategory | 'Other' {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : 'Other';
}
