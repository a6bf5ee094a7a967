import { defineSecret, defineString } from 'firebase-functions/params';
import { z } from 'zod';
import { REGION_IDS, REGIONS } from './regions.js';

/**
 * The only reader of params, secrets and process.env.
 *
 * Params are declared here so `firebase deploy` asks for them per project (functions/.env.eu,
 * functions/.env.us); at run time Cloud Functions exposes params and bound secrets as environment
 * variables, so one zod schema validates both production and local values.
 */
export const params = {
  region: defineString('HERALD_REGION', { description: 'Herald region of this project: eu or us' }),
  functionRegion: defineString('FUNCTION_REGION', { description: 'Cloud Functions region, e.g. europe-west1' }),
  linkHost: defineString('LINK_HOST', { description: 'Public host of tracked links in this region' }),
  peerLocatorUrl: defineString('PEER_LOCATOR_URL', {
    description: "The other region's public locator, e.g. https://us.herald.example/api/locate",
    default: '',
  }),
};

export const secrets = {
  /** JSON `{ "current": "k2", "keys": { "k1": "<base64>", "k2": "<base64>" } }`: old keys stay to verify links in sent mail. */
  linkKeys: defineSecret('LINK_KEYS'),
  /** Shared secret of the marketplace uninstall webhook. */
  webhookSecret: defineSecret('UNINSTALL_WEBHOOK_SECRET'),
  /** Base64 HMAC key of the recipient hash; never rotates, because erasure finds a recipient's clicks by it. */
  recipientHashKey: defineSecret('RECIPIENT_HASH_KEY'),
};

const base64Key = z
  .string()
  .refine((s) => Buffer.from(s, 'base64').length >= 32, 'must be a base64 key of at least 32 bytes');

export const KeyringSchema = z
  .object({ current: z.string().regex(/^[a-z0-9]{1,4}$/i, 'key ids are 1-4 letters or digits'), keys: z.record(z.string(), base64Key) })
  .refine((k) => k.current in k.keys, { message: 'current must name one of keys', path: ['current'] });

export type Keyring = z.infer<typeof KeyringSchema>;

const ConfigSchema = z.object({
  env: z.enum(['production', 'local', 'test']),
  projectId: z.string().min(1),
  region: z.enum(REGION_IDS as [string, ...string[]]).transform((r) => r as keyof typeof REGIONS),
  functionRegion: z.string().min(1),
  linkHost: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name, e.g. go.eu.herald.example'),
  linkBaseUrl: z.url(),
  peerLocatorUrl: z.union([z.url(), z.literal('')]),
  linkKeys: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(KeyringSchema),
  webhookSecret: z.string().min(32, 'must be at least 32 characters'),
  recipientHashKey: base64Key,
});

export type Config = z.infer<typeof ConfigSchema>;

/**
 * Development defaults: used only when the process is not running in Cloud Functions. They are
 * public (they are in this file), so a production deploy never falls back to them.
 */
export const DEV_DEFAULTS = {
  GCLOUD_PROJECT: 'demo-herald',
  HERALD_REGION: 'eu',
  LINK_HOST: 'localhost:5000',
  PEER_LOCATOR_URL: '',
  LINK_KEYS: JSON.stringify({
    current: 'd1',
    keys: { d1: Buffer.from('herald-dev-link-key-NOT-FOR-PRODUCTION-0001').toString('base64') },
  }),
  UNINSTALL_WEBHOOK_SECRET: 'herald-dev-webhook-secret-NOT-FOR-PRODUCTION',
  RECIPIENT_HASH_KEY: Buffer.from('herald-dev-recipient-hash-key-NOT-FOR-PRODUCTION').toString('base64'),
} as const;

export function isCloudFunctions(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.K_SERVICE || env.FUNCTION_TARGET);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = isCloudFunctions(env);
  const pick = (name: keyof typeof DEV_DEFAULTS | 'FUNCTION_REGION'): string | undefined => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (production) return undefined;
    if (name === 'FUNCTION_REGION') return undefined;
    return DEV_DEFAULTS[name];
  };
  const region = pick('HERALD_REGION');
  const linkHost = pick('LINK_HOST');
  const local = linkHost?.startsWith('localhost') || linkHost?.startsWith('127.');
  const raw = {
    env: production ? 'production' : env.VITEST ? 'test' : 'local',
    projectId: env.GCLOUD_PROJECT ?? env.GCP_PROJECT ?? pick('GCLOUD_PROJECT'),
    region,
    functionRegion: pick('FUNCTION_REGION') ?? (region && region in REGIONS ? REGIONS[region as keyof typeof REGIONS].functionRegion : undefined),
    linkHost,
    linkBaseUrl: linkHost ? `${local ? 'http' : 'https'}://${linkHost}` : undefined,
    peerLocatorUrl: pick('PEER_LOCATOR_URL') ?? '',
    linkKeys: pick('LINK_KEYS'),
    webhookSecret: pick('UNINSTALL_WEBHOOK_SECRET'),
    recipientHashKey: pick('RECIPIENT_HASH_KEY'),
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new Error(`Invalid Herald configuration: ${fields.join('; ')}`);
  }
  return parsed.data;
}

/** Settings of the local host (`npm start`), never read in Cloud Functions. */
export function readLocalHostConfig(env: NodeJS.ProcessEnv = process.env) {
  const schema = z.object({
    port: z.coerce.number().int().min(0).max(65535).default(5000),
    authPort: z.coerce.number().int().min(0).max(65535).default(9099),
    persist: z.enum(['0', '1', '']).default('').transform((v) => v === '1'),
    stateDir: z.string().default('.herald-state'),
    firestoreEmulatorHost: z.string().optional(),
  });
  const parsed = schema.safeParse({
    port: env.PORT || undefined,
    authPort: env.HERALD_AUTH_PORT || undefined,
    persist: env.HERALD_PERSIST,
    stateDir: env.HERALD_STATE_DIR || undefined,
    firestoreEmulatorHost: env.FIRESTORE_EMULATOR_HOST || undefined,
  });
  if (!parsed.success) throw new Error(`Invalid local settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
