import express, { type NextFunction, type Request, type Response } from 'express';
import type { Deps } from '../core/deps.js';
import { AppError, fromZodError } from '../core/errors.js';
import { errorHandler } from '../http/error-handler.js';
import { findAddonEmployee, REFUSAL_TEXT, type AddonEmployee } from './addon-employee.js';
import { addonEventSchema, INSERT_ACTION, type AddonEvent } from './addon-event.js';
import { insertHtml, notify, pushCard, type ActionResponse, type Card, type TriggerResponse } from './addon-response.js';
import { currentBanner, draftBannerHtml, draftRecipients } from './draft-banner.js';
import { GoogleTokenVerifier } from './verify-google-tokens.js';
import { userBanner } from '../campaigns/user-banner.js';

const NO_BANNER = 'No banner campaign is running for you right now.';

/**
 * The Gmail compose add-on (Google Workspace add-on on an HTTP endpoint): Google POSTs an event
 * object to the function's URL. The compose trigger answers a card offering "Insert the banner";
 * the button comes back to the same URL with `action=insert` and gets the banner inserted into
 * the draft. Every request carries two Google-signed ID tokens, both verified before anything is
 * read. See docs/gmail-addon.md.
 */
export function createGmailAddonApp(deps: Deps, verifier = new GoogleTokenVerifier(deps.config)): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.post('/', async (req: Request, res: Response, next: NextFunction) => {
    // Who sent it before reading what was sent: an unsigned request is not even parsed.
    verifier.assertConfigured();
    await verifier.verifyRequest(req.get('authorization'));
    next();
  });
  app.post('/', express.json({ limit: '256kb', inflate: false }), async (req: Request, res: Response) => {
    const parsed = addonEventSchema.safeParse(req.body);
    if (!parsed.success) throw fromZodError(parsed.error, 'body');
    const event = parsed.data;
    const user = await verifier.verifyUser(event.authorizationEventObject.userIdToken);
    const employee = await findAddonEmployee(deps, user);
    const inserting = event.commonEventObject?.parameters?.action === INSERT_ACTION;
    res.set('Cache-Control', 'no-store');
    if (typeof employee === 'string') {
      deps.log.info('gmail add-on refused', { reason: employee });
      res.json(inserting ? notify(REFUSAL_TEXT[employee]) : pushCard(messageCard(REFUSAL_TEXT[employee])));
      return;
    }
    res.json(inserting ? await insertBanner(deps, employee, event) : await composeCard(deps, employee));
  });
  app.use(() => {
    throw new AppError('not_found', 'the add-on answers only POST requests at its root');
  });
  app.use(
    errorHandler({ log: deps.log, label: 'gmail add-on error', internalMessage: 'the add-on request failed', tooLargeMessage: 'body: larger than an add-on event (256 kB)' }),
  );
  return app;
}

function messageCard(text: string): Card {
  return { header: { title: 'Herald' }, sections: [{ widgets: [{ textParagraph: { text } }] }] };
}

async function composeCard(deps: Deps, employee: AddonEmployee): Promise<TriggerResponse> {
  const campaign = await currentBanner(deps, employee);
  if (!campaign) return pushCard(messageCard(NO_BANNER));
  // During an A/B test, the employee's own variant (the one their links show).
  const banner = userBanner(campaign.id, campaign.doc, employee.userId).banner!;
  const sections: Card['sections'] = [
    {
      widgets: [
        // The campaign's own image URL: looking at the card is not a banner view.
        { image: { imageUrl: banner.imageUrl, ...(banner.alt ? { altText: banner.alt } : {}) } },
        {
          buttonList: {
            buttons: [{ text: 'Insert the banner', onClick: { action: { function: deps.config.gmailAddon.url, parameters: [{ key: 'action', value: INSERT_ACTION }] } } }],
          },
        },
      ],
    },
  ];
  if (employee.tenant.settings.recipientTracking.enabled) {
    sections.push({
      header: 'Recipient tracking',
      widgets: [
        {
          textParagraph: {
            text: `Your company records which external recipient clicks a banner. When this draft has exactly one recipient outside the company, a click on the banner is attributed to that address and kept for ${employee.tenant.settings.recipientTracking.retentionDays} days; with several recipients, nothing about them is recorded. Add the recipients before inserting the banner.`,
          },
        },
      ],
    });
  }
  return pushCard({ header: { title: 'Herald', subtitle: campaign.doc.name }, sections });
}

async function insertBanner(deps: Deps, employee: AddonEmployee, event: AddonEvent): Promise<ActionResponse> {
  const campaign = await currentBanner(deps, employee);
  if (!campaign) return notify(NO_BANNER);
  const gmail = event.gmail ?? {};
  const recipients = draftRecipients([gmail.toRecipients, gmail.ccRecipients, gmail.bccRecipients]);
  const { html, link } = await draftBannerHtml(deps, employee, campaign, recipients);
  // Ids and counts only: never an address.
  deps.log.info('gmail add-on banner inserted', { tenantId: employee.tenantId, campaignId: campaign.id, link, recipients: recipients.length });
  return insertHtml(html);
}
