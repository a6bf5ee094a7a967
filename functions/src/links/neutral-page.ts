import type { IncomingMessage, ServerResponse } from 'node:http';

const PAGES = {
  404: { title: 'Link not found', text: 'This link is not valid. Please check the address or contact the sender.' },
  410: { title: 'Link no longer available', text: 'This link is no longer available.' },
  503: { title: 'Please try again', text: 'This link could not be opened right now. Please try again in a moment.' },
} as const;

const BODIES = Object.fromEntries(
  Object.entries(PAGES).map(([status, page]) => [
    status,
    Buffer.from(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${page.title}</title><style>body{font:16px system-ui,sans-serif;margin:20vh auto;max-width:32rem;padding:0 1rem;color:#333}</style></head><body><h1>${page.title}</h1><p>${page.text}</p></body></html>`),
  ]),
) as Record<keyof typeof PAGES, Buffer>;

/** A plain page for a person who followed a broken link: no error details, no Location. */
export function sendNeutralPage(req: IncomingMessage, res: ServerResponse, status: keyof typeof PAGES): void {
  const body = BODIES[status];
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A transparent 1×1 GIF: what a banner of a deleted campaign shows in old email. */
const BLANK_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function sendBlankImage(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'image/gif', 'Content-Length': BLANK_GIF.length, 'Cache-Control': 'public, max-age=86400' });
  res.end(req.method === 'HEAD' ? undefined : BLANK_GIF);
}
