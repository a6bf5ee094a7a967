import { productionDeps } from '../platform/production-deps.js';
import { createGmailAddonApp } from './gmail-addon-app.js';

/** The `gmailAddon` Cloud Function's app, over the production dependencies. */
export function createGmailAddonFunctionApp() {
  return createGmailAddonApp(productionDeps());
}
