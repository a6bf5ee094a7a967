import * as z from 'zod';

/**
 * The parts of the add-on event object Herald reads (Google sends more; the rest is ignored):
 * https://developers.google.com/workspace/add-ons/concepts/event-objects and
 * https://developers.google.com/workspace/add-ons/reference/callback-contract.
 * With `draftAccess: METADATA`, a compose event carries the draft's To/Cc/Bcc addresses in
 * `gmail.toRecipients` / `ccRecipients` / `bccRecipients`.
 */
const recipients = z.array(z.string().max(320)).max(500).optional();

export const addonEventSchema = z.object({
  commonEventObject: z
    .object({
      hostApp: z.string().optional(),
      /** Parameters of the card action that was used (the insert button sets `action: insert`). */
      parameters: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  authorizationEventObject: z.object({
    /** The user's Google ID token (needs the userinfo.email scope), audience: the add-on's OAuth client. */
    userIdToken: z.string().min(1, 'is required').max(8192),
  }),
  gmail: z
    .object({
      toRecipients: recipients,
      ccRecipients: recipients,
      bccRecipients: recipients,
    })
    .optional(),
});

export type AddonEvent = z.infer<typeof addonEventSchema>;

/** The action parameter the "Insert the banner" button sends back. */
export const INSERT_ACTION = 'insert';
