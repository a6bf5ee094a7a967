/**
 * The only file that knows trigger types. Each export wires a trigger to a handler module that is
 * imported on first use, so a function's cold start loads only what that function runs.
 */
// The options module alone: 'firebase-functions/v2' would load every trigger provider (~0.8 s cold).
import { setGlobalOptions } from 'firebase-functions/v2/options';
import { onRequest } from 'firebase-functions/v2/https';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { onTaskDispatched } from 'firebase-functions/v2/tasks';
import { params, secrets } from './core/config.js';
import { JOB_NAMES, jobExportName, jobSpecs, type JobName } from './core/jobs.js';
import { schedules, type ScheduleName } from './tasks/schedules.js';
import { TASK_INSTANCE } from './tasks/task-instance.js';
import { LINKS_INSTANCE } from './links/links-instance.js';
import { guardFrameworkParsers } from './http/framework-parsers.js';

// Before the functions framework builds its body parsers (it does once this module has loaded):
// they must never inflate a body nor read one past 1 MB before our apps (http/framework-parsers.ts).
// On Cloud Run (K_SERVICE) an instance that could not guard them refuses to start.
if (guardFrameworkParsers() === 0 && process.env.K_SERVICE) throw new Error('the functions framework body parsers could not be guarded');

setGlobalOptions({ region: params.functionRegion, maxInstances: 20 });

type Handler = (req: any, res: any) => void;
const lazyApp = (load: () => Promise<Handler>) => {
  let app: Promise<Handler> | undefined;
  return async (req: any, res: any) => (await (app ??= load()))(req, res);
};
/** Every function reads the whole config, so every function binds the secrets it validates. */
const BASE_SECRETS = [secrets.linkKeys, secrets.webhookSecret, secrets.recipientKeys];
const deps = async () => (await import('./platform/production-deps.js')).productionDeps();

export const api = onRequest(
  // The API checks Google credentials (Gmail deployment on edits) but never syncs directories itself.
  { secrets: [...BASE_SECRETS, secrets.googleServiceAccountKey], memory: '512MiB' },
  lazyApp(async () => (await import('./api/api-app.js')).createApiApp(await deps())),
);

/** Tracked links (/c, /v): the hot path, its own function so its cold start loads only link code. */
export const links = onRequest(
  { secrets: BASE_SECRETS, ...LINKS_INSTANCE },
  lazyApp(async () => (await import('./links/links-function.js')).createLinksFunctionApp()),
);

/** Hosted images (/img/**): public, cached for a year by Hosting's CDN (content-hashed names); images/images-app.ts. */
export const images = onRequest(
  { secrets: BASE_SECRETS },
  lazyApp(async () => (await import('./images/images-app.js')).createImagesApp(await deps())),
);

/** The Gmail compose add-on (Google Workspace add-on on HTTP): Google POSTs its events here; docs/gmail-addon.md. */
export const gmailAddon = onRequest(
  { secrets: BASE_SECRETS },
  lazyApp(async () => (await import('./gmail-addon/gmail-addon-function.js')).createGmailAddonFunctionApp()),
);

/** The uninstall webhook (/hooks/uninstall): verifies the signature over the raw body. */
export const hooks = onRequest({ secrets: BASE_SECRETS }, lazyApp(async () => (await import('./privacy/hooks-app.js')).createHooksApp(await deps())));

/** The Outlook add-in's files (/outlook/**, /.well-known/microsoft-officeaddins-allowed.json), generated from the region's config. */
export const addins = onRequest({ secrets: BASE_SECRETS }, lazyApp(async () => (await import('./addins/outlook-addin-app.js')).createOutlookAddinApp(await deps())));

export const tasks = Object.fromEntries(
  JOB_NAMES.map((name: JobName) => {
    const def = jobSpecs[name];
    return [
      jobExportName(name),
      onTaskDispatched(
        {
          retryConfig: {
            maxAttempts: def.retry.maxAttempts,
            minBackoffSeconds: def.retry.minBackoffSeconds,
            maxBackoffSeconds: def.retry.maxBackoffSeconds,
            maxDoublings: def.retry.maxDoublings,
          },
          rateLimits: { maxConcurrentDispatches: def.maxConcurrentDispatches },
          timeoutSeconds: def.timeoutSeconds,
          secrets: [...BASE_SECRETS, ...(def.secrets ?? []).map((name) => secrets[name])],
          ...TASK_INSTANCE,
        },
        async (req) => {
          const { runTask } = await import('./tasks/run-task.js');
          await runTask(await deps(), name, req.data, (req.retryCount ?? 0) + 1);
        },
      ),
    ];
  }),
);

export const scheduled = Object.fromEntries(
  (Object.keys(schedules) as ScheduleName[]).map((name) => {
    const def = schedules[name];
    return [
      name,
      onSchedule({ schedule: def.schedule, timeZone: def.timeZone, secrets: BASE_SECRETS, ...('timeoutSeconds' in def ? { timeoutSeconds: def.timeoutSeconds } : {}) }, async () => {
        await (await def.load())(await deps());
      }),
    ];
  }),
);
