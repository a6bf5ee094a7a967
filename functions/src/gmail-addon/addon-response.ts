import * as z from 'zod';

/**
 * The JSON a Google Workspace add-on on HTTP endpoints answers, as Google documents it, limited to
 * what Herald sends (objects are strict: a misspelt field fails instead of being ignored by Gmail).
 *
 * Sources:
 * - https://developers.google.com/workspace/add-ons/guides/alternate-runtimes (entry points and
 *   their responses: a compose trigger answers `renderActions`; the "Sample JSON Schemas":
 *   card, render action, host app action, Gmail action markup, submit form response)
 * - https://developers.google.com/workspace/add-ons/reference/callback-contract (the endpoint
 *   contract: POST of an event object, one of the HandleEventResponse types back)
 * - https://developers.google.com/workspace/add-ons/gmail/extending-compose-ui (compose UI,
 *   inserting content into the draft)
 * - https://developers.google.com/apps-script/reference/card-service/update-draft-body-type and
 *   .../content-type (IN_PLACE_INSERT; TEXT, MUTABLE_HTML, IMMUTABLE_HTML)
 */

const actionParameter = z.object({ key: z.string(), value: z.string() }).strict();

/** Card "action": the HTTPS endpoint (for HTTP deployments) called when the widget is used. */
const cardAction = z
  .object({
    function: z.url({ protocol: /^https?$/ }),
    parameters: z.array(actionParameter).optional(),
  })
  .strict();

const onClick = z.object({ action: cardAction }).strict();

const button = z.object({ text: z.string().min(1), onClick, disabled: z.boolean().optional() }).strict();

const widget = z.union([
  z.object({ textParagraph: z.object({ text: z.string() }).strict() }).strict(),
  z.object({ image: z.object({ imageUrl: z.string().min(1), altText: z.string().optional() }).strict() }).strict(),
  z.object({ decoratedText: z.object({ text: z.string(), topLabel: z.string().optional(), wrapText: z.boolean().optional() }).strict() }).strict(),
  z.object({ buttonList: z.object({ buttons: z.array(button).min(1) }).strict() }).strict(),
  z.object({ divider: z.object({}).strict() }).strict(),
]);

const section = z.object({ header: z.string().optional(), widgets: z.array(widget).min(1) }).strict();

export const cardSchema = z
  .object({
    header: z.object({ title: z.string().min(1), subtitle: z.string().optional(), imageUrl: z.string().optional(), imageAltText: z.string().optional() }).strict().optional(),
    sections: z.array(section).min(1),
    name: z.string().optional(),
  })
  .strict();

const navigation = z.object({ pushCard: cardSchema }).strict();
const notification = z.object({ text: z.string().min(1) }).strict();
const action = z
  .object({ navigations: z.array(navigation).min(1).optional(), notification: notification.optional() })
  .strict()
  .refine((a) => a.navigations || a.notification, 'an action needs navigations or a notification');

/** Gmail action markup: `updateDraftActionMarkup.updateBody` inserts content into the open draft. */
const insertContent = z.object({ content: z.string().min(1), contentType: z.enum(['TEXT', 'MUTABLE_HTML', 'IMMUTABLE_HTML']) }).strict();
const updateDraftActionMarkup = z
  .object({
    updateBody: z.object({ insertContents: z.array(insertContent).min(1), type: z.enum(['IN_PLACE_INSERT', 'INSERT_AT_START', 'INSERT_AT_END']) }).strict(),
  })
  .strict();
const hostAppAction = z.object({ gmailAction: z.object({ updateDraftActionMarkup }).strict() }).strict();

/** A render action: card navigation or a notification, or an action handled by Gmail itself. */
export const renderActionSchema = z
  .object({ action: action.optional(), hostAppAction: hostAppAction.optional() })
  .strict()
  .refine((r) => Boolean(r.action) !== Boolean(r.hostAppAction), 'exactly one of action and hostAppAction');

/** What a trigger (the compose trigger) answers: a render action, unwrapped. */
export const triggerResponseSchema = renderActionSchema;
/** What a widget's action answers: `renderActions` wrapped (the "submit form response"). */
export const actionResponseSchema = z.object({ renderActions: renderActionSchema }).strict();

export type Card = z.infer<typeof cardSchema>;
export type TriggerResponse = z.infer<typeof triggerResponseSchema>;
export type ActionResponse = z.infer<typeof actionResponseSchema>;

export function pushCard(card: Card): TriggerResponse {
  return { action: { navigations: [{ pushCard: card }] } };
}

export function notify(text: string): ActionResponse {
  return { renderActions: { action: { notification: { text } } } };
}

/** Inserts editable HTML at the cursor of the draft being composed. */
export function insertHtml(html: string): ActionResponse {
  return {
    renderActions: {
      hostAppAction: { gmailAction: { updateDraftActionMarkup: { updateBody: { insertContents: [{ content: html, contentType: 'MUTABLE_HTML' }], type: 'IN_PLACE_INSERT' } } } },
    },
  };
}
