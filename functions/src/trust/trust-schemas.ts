import * as z from 'zod';
import { domainSchema } from '../core/schemas/tenant.js';
import { labelled } from '../core/field-labels.js';

/** Bodies of the tenant-trust routes, apart from the proofs so the route table loads no Google or Microsoft client. */
export const domainBody = z.object({ domain: domainSchema }).strict();
labelled(domainBody, { domain: 'Domain' });
export const googleConnectBody = z.object({ accessToken: z.string().trim().min(20, 'must be the OAuth access token of your Google sign-in').max(4096) }).strict();
labelled(googleConnectBody, { accessToken: 'Google sign-in' });
export const microsoftTokenBody = z.object({ idToken: z.string().trim().min(20, 'must be the ID token of your Microsoft sign-in').max(16384) }).strict();
labelled(microsoftTokenBody, { idToken: 'Microsoft sign-in' });

/** GET /tenant/microsoft/consent: which of the tenant's domains names the Microsoft 365 organisation (default: the first). */
export const microsoftConsentQuery = z.object({ domain: domainSchema.optional() }).strict();

/**
 * The query Microsoft's admin-consent endpoint redirects back with (admin_consent, tenant, state;
 * or error, error_description), forwarded as is by the console.
 */
export const microsoftConsentCallbackBody = z
  .object({
    state: z.string().trim().min(1, 'must be the state Microsoft sent back').max(2048),
    admin_consent: z.string().max(10).optional(),
    tenant: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the organisation (tenant) id Microsoft sent back')
      .optional(),
    error: z
      .string()
      .max(100)
      .regex(/^[a-z0-9_]+$/i, 'must be the error code Microsoft sent back')
      .optional(),
    error_description: z.string().max(2000).optional(),
    scope: z.string().max(2000).optional(),
  })
  .strict();
labelled(microsoftConsentCallbackBody, {
  state: "Microsoft's answer (state)",
  admin_consent: "Microsoft's answer (admin consent)",
  tenant: 'Microsoft 365 organisation',
  error: "Microsoft's answer (error)",
  error_description: "Microsoft's answer (error description)",
  scope: "Microsoft's answer (permissions)",
});
export type MicrosoftConsentCallback = z.output<typeof microsoftConsentCallbackBody>;
