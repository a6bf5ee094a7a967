import { defineSecret, defineString } from 'firebase-functions/params';
import * as z from 'zod';
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
  functionRegion: defineString('HERALD_FUNCTION_REGION', { description: 'Cloud Functions region, e.g. europe-west1 (FUNCTION_REGION is reserved: firebase-tools refuses it in .env files)' }),
  linkHost: defineString('LINK_HOST', { description: 'Public host of tracked links in this region' }),
  peerLocatorUrl: defineString('PEER_LOCATOR_URL', {
    description: "The other region's public locator, e.g. https://us.herald.example/api/locate",
    default: '',
  }),
  microsoftClientId: defineString('MICROSOFT_CLIENT_ID', { description: "Application (client) id of Herald's multi-tenant Entra app", default: '' }),
  /** The Gmail add-on (gmail-addon/): both values come from `gcloud workspace-add-ons get-authorization` once its deployment exists. */
  gmailAddonServiceAccount: defineString('GMAIL_ADDON_SERVICE_ACCOUNT', { description: "Service account email of this region's Gmail add-on deployment (signs its requests)", default: '' }),
  gmailAddonClientId: defineString('GMAIL_ADDON_CLIENT_ID', { description: "OAuth client id of this region's Gmail add-on deployment (audience of users' ID tokens)", default: '' }),
  gmailAddonUrl: defineString('GMAIL_ADDON_URL', { description: 'Public URL of the gmailAddon function; empty: https://<HERALD_FUNCTION_REGION>-<project>.cloudfunctions.net/gmailAddon', default: '' }),
  googleOAuthClientId: defineString('GOOGLE_OAUTH_CLIENT_ID', {
    description: "OAuth client id of the console's Google sign-in: a Workspace admin's token proves ownership only if issued to it",
    default: '',
  }),
  storageBucket: defineString('STORAGE_BUCKET', { description: "Cloud Storage bucket of tenant exports, in this project's region (empty: the project's default Firebase bucket)", default: '' }),
  outlookAddinOrigin: defineString('OUTLOOK_ADDIN_ORIGIN', { description: "HTTPS origin serving this region's Outlook add-in files, e.g. https://eu.herald.example", default: '' }),
  apiOrigin: defineString('API_ORIGIN', { description: "Public HTTPS origin of this region's API (Hosting rewrites /api/** to it), e.g. https://eu.herald.example", default: '' }),
  /** Sender of the mail Herald sends to tenant owners (alerts, incidents), e.g. `Herald <alerts@eu.herald.example>`. */
  mailFrom: defineString('MAIL_FROM', { description: "Sender of mail to tenant owners, e.g. Herald <alerts@eu.herald.example>", default: '' }),
};

export const secrets = {
  /** JSON `{ "current": "k2", "keys": { "k1": "<base64>", "k2": "<base64>" } }`: old keys stay to verify links in sent mail. */
  linkKeys: defineSecret('LINK_KEYS'),
  /** Shared secret of the marketplace uninstall webhook. */
  webhookSecret: defineSecret('UNINSTALL_WEBHOOK_SECRET'),
  /**
   * JSON `{ "current": "r1", "keys": { "r1": "<base64>" }, "hashKey": "<base64>" }`: AES-256-GCM keys
   * sealing recipient addresses (in links and at rest; old keys stay to open them), and the HMAC key
   * of the recipient hash, which never rotates because erasure finds a recipient's clicks by it.
   */
  recipientKeys: defineSecret('RECIPIENT_KEYS'),
  /** The product's Google service account key (JSON), with domain-wide delegation for directory sync. */
  googleServiceAccountKey: defineSecret('GOOGLE_SERVICE_ACCOUNT_KEY'),
  /** Client secret of the product's multi-tenant Microsoft Entra app (directory sync). */
  microsoftClientSecret: defineSecret('MICROSOFT_CLIENT_SECRET'),
  /**
   * This region's outgoing mail server (alerts and incidents to tenant owners), as a nodemailer
   * connection URL: `smtps://user:password@smtp.example:465` (or `smtp://…:587`, STARTTLS required).
   * `none`: this region sends no mail (entries stay queued and show in the console).
   */
  smtpUrl: defineSecret('SMTP_URL'),
};


const base64Key = z
  .string()
  .refine((s) => Buffer.from(s, 'base64').length >= 32, 'must be a base64 key of at least 32 bytes');

export const KeyringSchema = z
  .object({ current: z.string().regex(/^[a-z0-9]{1,4}$/i, 'key ids are 1-4 letters or digits'), keys: z.record(z.string(), base64Key) })
  .refine((k) => k.current in k.keys, { message: 'current must name one of keys', path: ['current'] });

export type Keyring = z.infer<typeof KeyringSchema>;

const aesKey = z.string().refine((s) => Buffer.from(s, 'base64').length === 32, 'must be a base64 AES-256 key (32 bytes)');
export const RecipientKeyringSchema = z
  .object({
    current: z.string().regex(/^[a-z0-9]{1,4}$/i, 'key ids are 1-4 letters or digits'),
    keys: z.record(z.string().regex(/^[a-z0-9]{1,4}$/i, 'key ids are 1-4 letters or digits'), aesKey),
    hashKey: base64Key,
  })
  .refine((k) => k.current in k.keys, { message: 'current must name one of keys', path: ['current'] });
export type RecipientKeyring = z.infer<typeof RecipientKeyringSchema>;

const jsonSecret = <S extends z.ZodType>(schema: S) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** An origin (scheme, host, port; no path): HTTPS, or HTTP on localhost for `npm start`; '' when unset. */
const addinOrigin = z
  .string()
  .superRefine((u, ctx) => {
    if (u === '') return;
    const url = URL.canParse(u) ? new URL(u) : null;
    if (!url || (url.protocol !== 'https:' && !(url.protocol === 'http:' && /^(localhost|127\.0\.0\.1)$/.test(url.hostname)))) {
      ctx.addIssue({ code: 'custom', message: 'must be an https:// origin, e.g. https://eu.herald.example' });
    } else if (url.origin !== u.replace(/\/$/, '')) {
      ctx.addIssue({ code: 'custom', message: 'must be an origin without a path, e.g. https://eu.herald.example' });
    }
  })
  .transform((u) => (u === '' ? '' : new URL(u).origin));

const ConfigSchema = z.object({
  env: z.enum(['production', 'local', 'test']),
  projectId: z.string().min(1),
  region: z.enum(REGION_IDS as [string, ...string[]]).transform((r) => r as keyof typeof REGIONS),
  functionRegion: z.string().min(1),
  linkHost: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name, e.g. go.eu.herald.example'),
  linkBaseUrl: z.url(),
  peerLocatorUrl: z.union([z.url(), z.literal('')]),
  linkKeys: jsonSecret(KeyringSchema),
  webhookSecret: z.string().min(32, 'must be at least 32 characters'),
  recipientKeys: jsonSecret(RecipientKeyringSchema),
  /** Directory sync credentials; null when this deployment does not offer that source. */
  googleServiceAccount: z
    .string()
    .transform((s, ctx) => {
      // A region that offers no Google features sets the secret to `none` (Secret Manager needs a value).
      if (s === '' || s === 'none') return null;
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be the JSON key of a service account' });
        return z.NEVER;
      }
    })
    .pipe(z.object({ client_email: z.email(), private_key: z.string().includes('PRIVATE KEY'), client_id: z.string().optional() }).nullable()),
  microsoft: z.object({ clientId: z.string(), clientSecret: z.string() }).transform((m) => (m.clientId && m.clientSecret ? m : null)),
  /** Endpoints of Google and Microsoft APIs: the real services unless overridden (tests point them at local fakes). */
  externalEndpoints: z.object({
    googleApiRoot: z.url(),
    gmailApiRoot: z.url(),
    googleTokenUrl: z.url(),
    googleTokenInfoUrl: z.url(),
    microsoftLogin: z.url(),
    microsoftGraph: z.url(),
    /** Google's ID-token signing certificates (PEM by key id), read by google-auth-library's verifyIdToken. */
    googleCertsUrl: z.url(),
  }),
  /**
   * The Gmail compose add-on: its endpoint (the audience of Google's request token), the service
   * account Google signs its requests with and the OAuth client users' ID tokens are issued to.
   * Empty identities leave the add-on refusing every request (they exist only once it is deployed).
   */
  gmailAddon: z.object({
    url: z.url(),
    serviceAccount: z.union([z.email(), z.literal('')]),
    clientId: z.string().max(200),
  }),
  /** The console's Google OAuth client id; empty: connecting Google Workspace is not offered here. */
  googleOAuthClientId: z.string(),
  /**
   * The Outlook add-in (issue 13): where its files are served (the manifest points there), the API
   * origin its runtime calls, and the Entra app (the multi-tenant app above) whose access tokens the
   * API accepts. Origins are HTTPS except on localhost; empty when this region offers no add-in.
   */
  outlookAddin: z.object({
    origin: addinOrigin,
    apiOrigin: addinOrigin,
    clientId: z.string().regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i, 'must be an Entra application (client) id (a GUID)'),
  }),
  /** First backoff delay when a directory source answers a quota or transient error. */
  directoryRetryBaseMs: z.coerce.number().int().min(0).max(60_000),
  /** DNS servers asked for domain-ownership TXT records; null: the system's resolvers (always in production). */
  dnsServers: z.array(z.string().min(1)).nullable(),
  /** Stored files (exports): the bucket (null: none, writes refuse), and a local Cloud Storage API endpoint outside production. */
  storage: z.object({
    bucket: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'must be a Cloud Storage bucket name').nullable(),
    apiEndpoint: z.url().nullable(),
  }),
  /** The Gmail API project quota in `sendAs` updates/s (≈ 1.2 M units a minute ÷ 100 units); Gmail deployments share it. */
  gmailQuotaPerSec: z.coerce.number().positive().max(100_000),
  /**
   * The hit queue (tracking/hit-queue.ts): views and clicks go through Pub/Sub and a drain folds them
   * into the counter shards. On a demo-* project (emulators only) with PUBSUB_EMULATOR_HOST set (the
   * hit-queue tests, the emulator stack): that emulator; else in production: Google's endpoint;
   * otherwise null, each batch committed directly (npm start, which has no Java).
   */
  hitQueue: z.object({ apiEndpoint: z.url().nullable() }).nullable(),
  /** Mail to tenant owners (mail/): an SMTP server, or (outside production, no server set) .eml files in `dir`. */
  mail: z.object({
    smtpUrl: z
      .string()
      .transform((s) => (s === '' || s === 'none' ? null : s))
      .pipe(z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example:465').nullable()),
    from: z.string().min(3, 'must be a sender address, e.g. Herald <alerts@eu.herald.example>').max(200),
    /** Where mail is written as .eml files when no SMTP server is set (npm start); null in production. */
    dir: z.string().nullable(),
  }),
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
  RECIPIENT_KEYS: JSON.stringify({
    current: 'r1',
    keys: { r1: Buffer.from('herald-dev-recipient-key-NOTPROD').toString('base64') },
    hashKey: Buffer.from('herald-dev-recipient-hash-key-NOT-FOR-PRODUCTION').toString('base64'),
  }),
  // No usable dev credentials exist for the directory sources: locally they stay unset (a sync
  // then fails with a clear "not configured" error) unless a developer brings their own.
  GOOGLE_SERVICE_ACCOUNT_KEY: '',
  MICROSOFT_CLIENT_ID: '',
  MICROSOFT_CLIENT_SECRET: '',
  // The Gmail add-on only works once deployed with Google (docs/gmail-addon.md): unset locally.
  GMAIL_ADDON_SERVICE_ACCOUNT: '',
  GMAIL_ADDON_CLIENT_ID: '',
  GMAIL_ADDON_URL: '',
  // The add-in's files and the API sit on the local host's one origin.
  OUTLOOK_ADDIN_ORIGIN: '',
  API_ORIGIN: '',
} as const;

/** The real services; overridable through env so the tests reach local fakes. */
const DIRECTORY_ENDPOINTS = {
  GOOGLE_API_ROOT_URL: 'https://admin.googleapis.com/',
  GMAIL_API_ROOT_URL: 'https://gmail.googleapis.com/',
  GOOGLE_TOKEN_URL: 'https://oauth2.googleapis.com/token',
  GOOGLE_TOKENINFO_URL: 'https://oauth2.googleapis.com/tokeninfo',
  MICROSOFT_LOGIN_URL: 'https://login.microsoftonline.com',
  MICROSOFT_GRAPH_URL: 'https://graph.microsoft.com/v1.0',
  GOOGLE_CERTS_URL: 'https://www.googleapis.com/oauth2/v1/certs',
} as const;

export function isCloudFunctions(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.K_SERVICE || env.FUNCTION_TARGET);
}

/** Firebase's `demo-*` project ids exist only in the emulators: the one place the public dev keys may serve. */
export function isDemoProject(projectId: string | undefined): boolean {
  return typeof projectId === 'string' && projectId.startsWith('demo-');
}

/**
 * Production is Cloud Functions, or any real (non `demo-*`) project id: a deployment whose
 * environment markers are missing still never falls back to the dev defaults.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const explicitProject = env.GCLOUD_PROJECT ?? env.GCP_PROJECT;
  const production = isCloudFunctions(env) || (explicitProject !== undefined && explicitProject !== '' && !isDemoProject(explicitProject));
  const pick = (name: keyof typeof DEV_DEFAULTS | 'HERALD_FUNCTION_REGION'): string | undefined => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (production) return undefined;
    if (name === 'HERALD_FUNCTION_REGION') return undefined;
    return DEV_DEFAULTS[name];
  };
  // Production always talks to the real services: an endpoint override there would be a leak.
  const endpoint = (name: keyof typeof DIRECTORY_ENDPOINTS): string => (!production && env[name]) || DIRECTORY_ENDPOINTS[name];
  const region = pick('HERALD_REGION');
  const linkHost = pick('LINK_HOST');
  const local = linkHost?.startsWith('localhost') || linkHost?.startsWith('127.');
  const raw = {
    env: production ? 'production' : env.VITEST ? 'test' : 'local',
    projectId: env.GCLOUD_PROJECT ?? env.GCP_PROJECT ?? pick('GCLOUD_PROJECT'),
    region,
    functionRegion: pick('HERALD_FUNCTION_REGION') ?? (region && region in REGIONS ? REGIONS[region as keyof typeof REGIONS].functionRegion : undefined),
    linkHost,
    linkBaseUrl: linkHost ? `${local ? 'http' : 'https'}://${linkHost}` : undefined,
    peerLocatorUrl: pick('PEER_LOCATOR_URL') ?? '',
    linkKeys: pick('LINK_KEYS'),
    webhookSecret: pick('UNINSTALL_WEBHOOK_SECRET'),
    recipientKeys: pick('RECIPIENT_KEYS'),
    googleServiceAccount: pick('GOOGLE_SERVICE_ACCOUNT_KEY') ?? '',
    microsoft: { clientId: pick('MICROSOFT_CLIENT_ID') ?? '', clientSecret: pick('MICROSOFT_CLIENT_SECRET') ?? '' },
    externalEndpoints: {
      googleApiRoot: endpoint('GOOGLE_API_ROOT_URL'),
      gmailApiRoot: endpoint('GMAIL_API_ROOT_URL'),
      googleTokenUrl: endpoint('GOOGLE_TOKEN_URL'),
      googleTokenInfoUrl: endpoint('GOOGLE_TOKENINFO_URL'),
      microsoftLogin: endpoint('MICROSOFT_LOGIN_URL'),
      microsoftGraph: endpoint('MICROSOFT_GRAPH_URL'),
      googleCertsUrl: endpoint('GOOGLE_CERTS_URL'),
    },
    gmailAddon: {
      url: gmailAddonUrl(pick('GMAIL_ADDON_URL'), pick('HERALD_FUNCTION_REGION') ?? (region && region in REGIONS ? REGIONS[region as keyof typeof REGIONS].functionRegion : undefined), env.GCLOUD_PROJECT ?? env.GCP_PROJECT ?? pick('GCLOUD_PROJECT'), production, linkHost),
      serviceAccount: pick('GMAIL_ADDON_SERVICE_ACCOUNT') ?? '',
      clientId: pick('GMAIL_ADDON_CLIENT_ID') ?? '',
    },
    outlookAddin: {
      origin: pick('OUTLOOK_ADDIN_ORIGIN') || (linkHost && local ? `http://${linkHost}` : ''),
      apiOrigin: pick('API_ORIGIN') || (linkHost && local ? `http://${linkHost}` : ''),
      clientId: pick('MICROSOFT_CLIENT_ID') ?? '',
    },
    directoryRetryBaseMs: (!production && env.DIRECTORY_RETRY_BASE_MS) || 1000,
    googleOAuthClientId: env.GOOGLE_OAUTH_CLIENT_ID ?? '',
    dnsServers: !production && env.HERALD_DNS_SERVERS ? env.HERALD_DNS_SERVERS.split(',').map((x) => x.trim()) : null,
    storage: readStorage(env, production),
    gmailQuotaPerSec: (!production && env.GMAIL_QUOTA_PER_SECOND) || 200,
    // The Functions emulator runs as production (FUNCTION_TARGET) on a demo-* project: its Pub/Sub emulator then.
    hitQueue:
      env.PUBSUB_EMULATOR_HOST && isDemoProject(env.GCLOUD_PROJECT ?? env.GCP_PROJECT ?? pick('GCLOUD_PROJECT'))
        ? { apiEndpoint: `http://${env.PUBSUB_EMULATOR_HOST}/` }
        : production
          ? { apiEndpoint: null }
          : null,
    mail: {
      smtpUrl: env.SMTP_URL ?? '',
      // The sender defaults to the region's own host (MAIL_FROM names the domain the SMTP server may send for).
      from: env.MAIL_FROM || `Herald <alerts@${(linkHost ?? 'herald.localhost').split(':')[0]}>`,
      dir: production ? null : env.HERALD_MAIL_DIR || '.herald-state/mail',
    },
  };
  const parsed = ConfigSchema.refine((c) => c.env !== 'production' || c.gmailAddon.url.startsWith('https://'), {
    message: 'must be an https URL (Google calls add-ons over https only)',
    path: ['gmailAddon', 'url'],
  }).safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new Error(`Invalid Herald configuration: ${fields.join('; ')}`);
  }
  const devKeys = isDemoProject(parsed.data.projectId) ? [] : publicDevKeysIn(raw);
  if (devKeys.length) throw new Error(`Invalid Herald configuration: ${devKeys.map((k) => `${k}: is the public development value; set a real secret`).join('; ')}`);
  return parsed.data;
}

/**
 * Where Google calls the add-on: the configured URL, else the function's own cloudfunctions.net
 * URL in production, else the local host (nothing from Google reaches it; tests post to the app).
 */
function gmailAddonUrl(configured: string | undefined, functionRegion: string | undefined, projectId: string | undefined, production: boolean, linkHost: string | undefined): string | undefined {
  if (configured) return configured;
  if (production) return functionRegion && projectId ? `https://${functionRegion}-${projectId}.cloudfunctions.net/gmailAddon` : undefined;
  return linkHost ? `http://${linkHost}/gmailAddon` : undefined;
}

/** Which secrets hold a value from DEV_DEFAULTS (compared by value: they are public). */
function publicDevKeysIn(raw: { linkKeys?: string; webhookSecret?: string; recipientKeys?: string }): string[] {
  const keysOf = (json: string | undefined): string[] => {
    try {
      const parsed = JSON.parse(json ?? '{}') as { keys?: Record<string, string>; hashKey?: string };
      return [...Object.values(parsed.keys ?? {}), ...(parsed.hashKey ? [parsed.hashKey] : [])];
    } catch {
      return [];
    }
  };
  const dev = new Set([...keysOf(DEV_DEFAULTS.LINK_KEYS), ...keysOf(DEV_DEFAULTS.RECIPIENT_KEYS)]);
  const found: string[] = [];
  if (keysOf(raw.linkKeys).some((k) => dev.has(k))) found.push('linkKeys');
  if (raw.webhookSecret === DEV_DEFAULTS.UNINSTALL_WEBHOOK_SECRET) found.push('webhookSecret');
  if (keysOf(raw.recipientKeys).some((k) => dev.has(k))) found.push('recipientKeys');
  return found;
}

/**
 * The export bucket: the STORAGE_BUCKET param, else the project's default Firebase bucket (Cloud
 * Functions puts it in FIREBASE_CONFIG), else none in production (writes refuse) and a demo bucket
 * elsewhere. STORAGE_EMULATOR_HOST points the client at a local server, outside production only.
 */
function readStorage(env: NodeJS.ProcessEnv, production: boolean) {
  let firebaseBucket: unknown;
  try {
    firebaseBucket = env.FIREBASE_CONFIG ? (JSON.parse(env.FIREBASE_CONFIG) as { storageBucket?: unknown }).storageBucket : undefined;
  } catch {
    firebaseBucket = undefined;
  }
  const bucket = env.STORAGE_BUCKET || (typeof firebaseBucket === 'string' && firebaseBucket) || (production ? null : 'demo-herald-exports');
  const host = production ? undefined : env.STORAGE_EMULATOR_HOST;
  return { bucket, apiEndpoint: host ? (/^https?:\/\//.test(host) ? host : `http://${host}`) : null };
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
