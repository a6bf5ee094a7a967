/// <reference types="office-js" />
import { naaTokenSource } from './naa-token.js';
import type { OfficeLike } from './office-types.js';
import { createSignatureHandlers, type AddinConfig } from './signature-handler.js';

/**
 * The add-in's one runtime file. Outlook on the web, new Outlook and Mac load it from
 * runtime.html (a browser runtime); classic Outlook on Windows runs it alone in a JavaScript-only
 * runtime (no DOM, no localStorage). The handlers are associated at the top level, not inside
 * Office.onReady, because classic Outlook looks them up as soon as the file has run.
 */
declare const HERALD_ADDIN: AddinConfig;

// Compile-time check that the structural types the handler uses match office-js.
const office: OfficeLike = Office;

const handlers = createSignatureHandlers({
  office,
  config: HERALD_ADDIN,
  getToken: naaTokenSource(HERALD_ADDIN),
  fetch: (input, init) => fetch(input, init),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
});

Office.actions.associate('onNewMessageCompose', handlers.onNewMessageCompose);
Office.actions.associate('onNewAppointmentOrganizer', handlers.onNewAppointmentOrganizer);
Office.actions.associate('onMessageFromChanged', handlers.onMessageFromChanged);
Office.actions.associate('onMessageRecipientsChanged', handlers.onMessageRecipientsChanged);
