import express, { type Request, type Response } from 'express';
import type { Deps } from '../deps.js';
import { addDays } from '../platform/timestamps.js';
import { buildHit } from '../tracking/build-hit.js';
import { BurstTracker, classifyHit } from '../tracking/classify-hit.js';
import { GroupCommitter, type GroupCommitterOptions } from '../tracking/group-committer.js';
import { LinkResolver, type CampaignInfo, type TenantInfo } from '../tracking/link-resolver.js';
import { atRestContext, hashRecipient, inTokenContext, openRecipient, sealRecipient } from '../tracking/recipient-seal.js';
import { decodeToken, type TokenPayload } from '../tracking/token-codec.js';
import { BLANK_GIF, sendNeutralPage } from './neutral-page.js';

/** The links function needs only these: no Auth, no task queue (its cold start stays small). */
export type LinksDeps = Pick<Deps, 'db' | 'config' | 'log' | 'now'>;

export interface LinksRuntime {
  resolver: LinkResolver;
  committer: GroupCommitter;
  burst: BurstTracker;
}

export function createLinksRuntime(
  deps: LinksDeps,
  options: { cacheTtlMs?: number; maxWaitMs?: number; onCommit?: GroupCommitterOptions['onCommit'] } = {},
): LinksRuntime {
  return {
    resolver: new LinkResolver(deps.db, { ttlMs: options.cacheTtlMs ?? 30_000 }),
    committer: new GroupCommitter(deps.db, {
      maxWaitMs: options.maxWaitMs ?? 1500,
      onError: (error, hits) => deps.log.error('tracking commit failed', { hits, error: errorName(error) }),
      ...(options.onCommit ? { onCommit: options.onCommit } : {}),
    }),
    burst: new BurstTracker(),
  };
}

type Action = 'click' | 'view';

/**
 * The tracked-link app: `GET /c/<token>` (click → 302 to the campaign's destination) and
 * `GET /v/<token>` (view → 302 to the banner image). Express answers HEAD through the GET routes;
 * HEAD is classified as a bot and never counts as a click.
 */
export function createLinksApp(deps: LinksDeps, runtime: LinksRuntime = createLinksRuntime(deps)): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.get('/c/:token', (req, res) => void serve(deps, runtime, 'click', req, res));
  app.get('/v/:token', (req, res) => void serve(deps, runtime, 'view', req, res));
  app.use((_req, res) => sendNeutralPage(res, 404));
  return app;
}

async function serve(deps: LinksDeps, rt: LinksRuntime, action: Action, req: Request, res: Response): Promise<void> {
  try {
    const token = String(req.params.token);
    const payload = decodeToken(deps.config.linkKeys, token);
    if (!payload) return sendNeutralPage(res, 404);
    const tenant = await rt.resolver.tenant(payload.tenantCode);
    if (!tenant) return sendNeutralPage(res, 404);
    if (tenant.status === 'deleting') return sendNeutralPage(res, 410);
    const [campaign, userId] = await Promise.all([
      rt.resolver.campaign(tenant.tenantId, payload.campaignCode),
      payload.userCode ? rt.resolver.userId(tenant.tenantId, payload.userCode) : Promise.resolve(null),
    ]);
    const at = deps.now();
    if (campaign) await record(deps, rt, { action, req, token, payload, tenant, campaign, userId, at });
    if (action === 'click') return redirect(res, clickTarget(tenant, campaign, at.getTime()));
    if (campaign?.imageUrl) {
      // Each open that reaches us counts; the image itself is cached by its own host.
      res.set({ 'Cache-Control': 'no-cache, max-age=0', 'Referrer-Policy': 'no-referrer' });
      return res.redirect(302, campaign.imageUrl);
    }
    res.set({ 'Cache-Control': 'public, max-age=86400' }).type('gif').send(BLANK_GIF);
  } catch (err) {
    // Cold cache and Firestore unreachable: nothing to redirect to.
    deps.log.error('tracked link failed', { action, error: errorName(err) });
    if (!res.headersSent) sendNeutralPage(res, 503);
  }
}

function redirect(res: Response, url: string): void {
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  res.redirect(302, url);
}

/** The live campaign's destination; after its end, the tenant's fallback; never an error page. */
export function clickTarget(tenant: TenantInfo, campaign: CampaignInfo | null, nowMs: number): string {
  const live = campaign && campaign.status === 'active' && campaign.startAtMs <= nowMs && (campaign.endAtMs === null || campaign.endAtMs > nowMs);
  if (live && campaign.destinationUrl) return campaign.destinationUrl;
  return tenant.fallbackUrl ?? campaign?.destinationUrl ?? tenant.homeUrl;
}

interface RecordInput {
  action: Action;
  req: Request;
  token: string;
  payload: TokenPayload;
  tenant: TenantInfo;
  campaign: CampaignInfo;
  userId: string | null;
  at: Date;
}

async function record(deps: LinksDeps, rt: LinksRuntime, r: RecordInput): Promise<void> {
  const classification = classifyHit({
    action: r.action,
    method: r.req.method,
    userAgent: r.req.get('user-agent'),
    purpose: r.req.get('sec-purpose') ?? r.req.get('purpose') ?? r.req.get('x-moz') ?? r.req.get('x-purpose'),
    referer: r.req.get('referer'),
    burst: rt.burst.hit(`${r.action}:${r.token}`, r.at.getTime()),
  });
  let recipient;
  if (r.payload.kind === 'recipient' && r.action === 'click' && !classification.bot && r.tenant.recipientTracking.enabled && r.userId) {
    const email = openRecipient(deps.config.recipientKeys, r.payload.sealed!, inTokenContext(r.payload.tenantCode));
    if (email) {
      recipient = {
        hash: hashRecipient(deps.config.recipientKeys, email),
        sealed: sealRecipient(deps.config.recipientKeys, email, atRestContext(r.tenant.tenantId)).toString('base64'),
        expireAt: addDays(r.at, r.tenant.recipientTracking.retentionDays),
      };
    }
  }
  const hit = buildHit({ tenantId: r.tenant.tenantId, campaignId: r.campaign.campaignId, userId: r.userId, action: r.action, classification, at: r.at, ...(recipient ? { recipient } : {}) });
  const outcome = await rt.committer.record(hit);
  if (outcome !== 'committed') {
    deps.log.warn('tracking hit not confirmed', { outcome, action: r.action, tenantId: r.tenant.tenantId, campaignId: r.campaign.campaignId });
  }
}

function errorName(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err) return `${(err as { name?: string }).name ?? "Error"}:${String((err as { code: unknown }).code)}`;
  return err instanceof Error ? err.name : 'unknown';
}
