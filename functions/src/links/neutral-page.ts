import type { Response } from 'express';

const PAGES = {
  404: { title: 'Link not found', text: 'This link is not valid. Please check the address or contact the sender.' },
  410: { title: 'Link no longer available', text: 'This link is no longer available.' },
  503: { title: 'Please try again', text: 'This link could not be opened right now. Please try again in a moment.' },
} as const;

/** A plain page for a person who followed a broken link: no error details, no Location. */
export function sendNeutralPage(res: Response, status: keyof typeof PAGES): void {
  const page = PAGES[status];
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'X-Content-Type-Options': 'nosniff' })
    .type('html')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${page.title}</title><style>body{font:16px system-ui,sans-serif;margin:20vh auto;max-width:32rem;padding:0 1rem;color:#333}</style></head><body><h1>${page.title}</h1><p>${page.text}</p></body></html>`);
}

/** A transparent 1×1 GIF: what a banner of a deleted campaign shows in old email. */
export const BLANK_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
