/** Shapes of the API's answers, as the console reads them (see functions/src/http/routes.ts). */
export type Role = 'owner' | 'admin' | 'editor' | 'viewer' | 'user';

export interface Me {
  uid: string;
  email: string | null;
  tenantId: string | null;
  role: Role | null;
  region: string;
}

export interface Tenant {
  id: string;
  name: string;
  region: string;
  status: string;
  domains: string[];
  settings: {
    fallbackUrl: string | null;
    gmailSignatures: boolean;
    recipientTracking: { enabled: boolean; retentionDays: number };
    auditRetentionDays: number;
  };
}

export interface JobView {
  id: string;
  status: string;
  progress: { done: number; total: number | null };
  counts: Record<string, number>;
  error: { code: string; message: string } | null;
  createdAt: string | null;
}

export interface UserRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  workPhone: string;
  mobilePhone: string;
  addresses: string[];
  groups: string[];
  overridden?: string[];
}

export interface Template {
  id: string;
  name: string;
  html: string;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface Assignment {
  id: string;
  templateId: string;
  target: 'everyone' | 'group' | 'user';
  group: string | null;
  userId: string | null;
  priority: number;
}

export interface RenderedSignature {
  html: string;
  text: string;
  templateId?: string | null;
  campaignId?: string | null;
}

export interface Banner {
  imageUrl: string;
  destinationUrl: string;
  alt: string;
  width?: number;
  height?: number;
}
export interface NotificationContent {
  title: string;
  body: string;
  linkUrl: string | null;
  videoUrl: string | null;
  tracking: { seen: boolean; clicked: boolean; liked: boolean };
}
export interface Campaign {
  id: string;
  kind: 'banner' | 'notification';
  name: string;
  status: 'draft' | 'active' | 'archived';
  running: boolean;
  startAt: string;
  endAt: string | null;
  targetGroups: string[];
  priority: number;
  banner?: Banner;
  notification?: NotificationContent;
}

export interface Counts {
  views: number;
  clicks: number;
  ctr: number;
  bot: { views: number; clicks: number };
}
export interface CampaignReport extends Counts {
  campaignId?: string;
  days: ({ day: string } & Counts)[];
  topEmployees: { userId: string; name: string; views: number; clicks: number }[];
  botReasons?: Record<string, number>;
  [key: string]: unknown;
}

export interface Deployment {
  userId: string;
  status: 'deployed' | 'failed';
  templateId: string | null;
  campaignId: string | null;
  errorStatus: number | null;
  at: string | null;
}

export interface DirectorySettings {
  source: 'google' | 'microsoft' | 'csv';
  google: { customerId: string; adminEmail: string } | null;
  microsoft: { tenantId: string } | null;
  incremental: boolean;
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  errors: { row: number; field: string; message: string }[];
}

export interface Deletion {
  id: string;
  status: string;
  subject: { kind: 'users' | 'recipient' | 'campaign' | 'tenant'; count: number };
  reason: string;
  categories: string[];
  collections: Record<string, { deleted: number; pseudonymised: number }>;
  instructedBy?: string;
  authAccountsDeleted?: number;
  storedFilesDeleted?: number;
  retained?: Record<string, string>;
  verified?: boolean;
  requestedAt: string | null;
  completedAt: string | null;
  [key: string]: unknown;
}

export interface AuditEntry {
  id: string;
  actor: { uid: string; role: string; email?: string | null };
  action: string;
  target: { type: string; id: string } | null;
  at: string | null;
}

export interface Member {
  uid: string;
  email: string | null;
  role: Role;
}
