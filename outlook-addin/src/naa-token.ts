import { createNestablePublicClientApplication, InteractionRequiredAuthError, type IPublicClientApplication } from '@azure/msal-browser';
import { SignInRequired, type AddinConfig } from './signature-handler.js';

/**
 * Entra access tokens through Nested App Authentication: Outlook (the host) brokers the token for
 * the signed-in account, so there is no prompt. Only silent calls: an event handler cannot open a
 * window, so "interaction required" becomes SignInRequired (the handler shows a notification and
 * uses the cached signature). Memory cache: the JavaScript-only runtime of classic Outlook on
 * Windows has no localStorage, and Outlook keeps the account's tokens anyway.
 */
export function naaTokenSource(config: AddinConfig): () => Promise<string> {
  let pca: Promise<IPublicClientApplication> | null = null;
  return async () => {
    pca ??= createNestablePublicClientApplication({
      auth: { clientId: config.clientId, authority: 'https://login.microsoftonline.com/common' },
      cache: { cacheLocation: 'memoryStorage' },
    });
    const client = await pca.catch((err) => {
      pca = null;
      throw err;
    });
    try {
      const result = await client.acquireTokenSilent({ scopes: [config.scope] });
      return result.accessToken;
    } catch (err) {
      if (err instanceof InteractionRequiredAuthError) throw new SignInRequired('interaction required');
      throw err;
    }
  };
}
