import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Region } from '../core/regions.js';
import type { TenantDoc } from '../core/schemas/tenant.js';

/**
 * The tenant's settings a compliance document depends on, and nothing else: the pack states their
 * SHA-256 (over RFC 8785 canonical JSON), so the same code version and the same settings give the
 * same documents, byte for byte, and a changed setting shows as a changed hash.
 */
export interface PackSettings {
  tenantName: string;
  region: Region;
  directorySource: TenantDoc['directorySource'];
  auditRetentionDays: number;
  recipientTracking: { enabled: boolean; retentionDays: number };
  /** The mail platforms Herald reaches for this tenant, from what the tenant turned on or bound. */
  mailPlatforms: {
    /** Herald pushes signatures into Gmail (the tenant's setting). */
    gmailSignatures: boolean;
    /** The Gmail compose add-on serves this tenant (its Google Workspace customer is bound). */
    gmailAddon: boolean;
    /** The Outlook add-in serves this tenant (its Microsoft Entra tenant is bound). */
    outlookAddin: boolean;
  };
}

export function packSettingsOf(tenant: TenantDoc): PackSettings {
  return {
    tenantName: tenant.name,
    region: tenant.region as Region,
    directorySource: tenant.directorySource,
    auditRetentionDays: tenant.settings.auditRetentionDays,
    recipientTracking: { enabled: tenant.settings.recipientTracking.enabled, retentionDays: tenant.settings.recipientTracking.retentionDays },
    mailPlatforms: {
      gmailSignatures: tenant.settings.gmailSignatures,
      gmailAddon: Boolean(tenant.googleCustomerId),
      outlookAddin: Boolean(tenant.entraTenantId),
    },
  };
}

/** SHA-256 (hex) of the settings' canonical JSON (RFC 8785: sorted keys, one number form). */
export function settingsHash(settings: PackSettings): string {
  return createHash('sha256').update(canonicalize(settings)!, 'utf8').digest('hex');
}
