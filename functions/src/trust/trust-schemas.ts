import { z } from 'zod';
import { domainSchema } from '../core/schemas/tenant.js';

/** Bodies of the tenant-trust routes, apart from the proofs so the route table loads no Google or Microsoft client. */
export const domainBody = z.object({ domain: domainSchema }).strict();
export const googleConnectBody = z.object({ accessToken: z.string().trim().min(20, 'must be the OAuth access token of your Google sign-in').max(4096) }).strict();
export const microsoftTokenBody = z.object({ idToken: z.string().trim().min(20, 'must be the ID token of your Microsoft sign-in').max(16384) }).strict();
