/**
 * The API's answers as the console (hosting/) and the Outlook add-in read them: their one entry into
 * the server, imported with `import type` only, so no server code reaches a browser bundle (layer
 * rules clients-import-only-server-types, clients-import-server-types-from-api-types and
 * api-types-imports-only-types). Each type is the one its handler is declared to return, as the
 * client receives it in JSON (times as ISO strings).
 */
export type { ErrorBody, FieldProblem, Fix } from './core/errors.js';
export type { RoleRanks } from './core/roles.js';
export type { Role } from './core/schemas/tenant.js';
export type { LocateAnswer, RegionView } from './tenants/locate-tenant.js';
export type { Me, TenantView } from './tenants/tenant-view.js';
export type { MemberList, MemberView } from './tenants/set-member-role.js';
export type { InviteList, InviteView } from './tenants/invites.js';
export type { OwnerContact, OwnerContacts } from './tenants/owner-contacts.js';
export type { DomainView, TenantDomains } from './trust/domain-proof.js';
export type { MicrosoftConsent } from './trust/microsoft-proof.js';
export type { DestinationHosts } from './trust/destination-hosts.js';
export type { JobStarted, JobView } from './jobs/job-store.js';
export type { UserView } from './directory/user-view.js';
export type { UserPage } from './directory/list-users.js';
export type { UserSearch } from './directory/search-users.js';
export type { DirectorySettingsView, SyncHistory } from './directory/sync-admin.js';
export type { ImportResult } from './directory/import-csv.js';
export type { TemplateList, TemplateSaved, TemplateView } from './signatures/template-store.js';
export type { TemplateUpdated } from './signatures/template-handlers.js';
export type { DesignField, DesignLayout, SocialKind, TemplateDesign } from './core/schemas/template-design.js';
export type { AssignmentList, AssignmentView } from './signatures/assignment-store.js';
export type { InternalVariants, SignatureVariant, UserSignature } from './signatures/user-signature.js';
export type { AliasView, DeploymentList, DeploymentView, DriftView } from './signatures/list-deployments.js';
export type { MyInstallation } from './signatures/my-installation.js';
export type { GmailCheckView, GmailSetupView } from './signatures/gmail-setup.js';
export type { CampaignList, CampaignView } from './campaigns/campaign-store.js';
export type { CampaignSaved } from './campaigns/campaign-handlers.js';
export type { AbTestEnded, AbTestReport, VariantResult } from './campaigns/ab-test.js';
export type { TagPreview } from './campaigns/tag-preview.js';
export type { Verdict, VerdictKind } from './campaigns/ab-stats.js';
export type { MyNotification, MyNotifications, NotificationReport } from './campaigns/notifications.js';
export type { CampaignReport, TenantReport } from './tracking/campaign-report.js';
export type { RecipientReport } from './tracking/recipient-report.js';
export type { AddinUsage } from './addins/addin-usage.js';
export type { OutlookSetupView } from './addins/outlook-manifest.js';
export type { OutlookClient } from './addins/outlook-events.js';
export type { OutlookSignatureAnswer } from './addins/outlook-signature.js';
export type { AddinSettings } from './addins/outlook-addin-app.js';
export type { GmailAddonDeploymentInfo } from './gmail-addon/deployment-descriptor.js';
export type { DeletionList, DeletionView, PurgeStarted } from './privacy/start-purge.js';
export type { Register } from './privacy/register.js';
export type { RetentionView } from './privacy/retention-settings.js';
export type { AccessReviewView } from './privacy/access-review.js';
export type { DsrLinkView, DsrList, DsrLogged, DsrView } from './dsr/dsr-store.js';
export type { DsrAnswerChoices } from './dsr/dsr-answer.js';
export type { DsrChannel, DsrOutcome, DsrType } from './core/schemas/dsr.js';
export type { ExportList, ExportManifest } from './privacy/export-views.js';
export type { AuditPage } from './audit/list-audit.js';
export type { DirectoryGroup, DirectoryGroupList } from './directory/directory-groups.js';
export type { SharedMailboxList, SharedMailboxView } from './directory/shared-mailboxes.js';
export type { HostedImage } from './images/image-store.js';
export type { ImageMaxBytes } from './images/image-rules.js';
export type { BotReason, DeviceClass } from './core/counter-shape.js';
export type { OperatorAccessList, OperatorAccessView } from './operator/access-requests.js';
export type { OperatorReadList, OperatorReadView } from './operator/operator-reads-log.js';
export type { CompliancePackView } from './compliance/compliance-pack.js';
export type { PackDocumentId } from './compliance/pack-ids.js';
export type { AlertList, AlertView } from './alerts/alert-store.js';
export type { IncidentList, IncidentView, IncidentUpdateView, IncidentFacts } from './incidents/list-incidents.js';
