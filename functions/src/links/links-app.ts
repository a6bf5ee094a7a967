import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../core/deps.js';
import { addDays } from '../core/timestamps.js';
import { buildHit, utcDay } from '../tracking/build-hit.js';
import { BurstTracker, classifyHit, OVER_DAILY_CAP } from '../tracking/classify-hit.js';
import { clientAddress } from '../http/client-address.js';
import { ClientRepeats } from '../tracking/client-repeats.js';
import { GroupCommitter, type GroupCommitterOptions, type HitSink } from '../tracking/group-committer.js';
import { ledgerEntry } from '../tracking/hit-ledger.js';
import { hitQueueFor } from '../tracking/hit-queue.js';
import { LinkDayCap } from '../tracking/link-day-cap.js';
import { LinkResolver, type CampaignInfo, type TenantInfo } from '../tracking/link-resolver.js';
import { atRestContext, hashRecipient, inTokenContext, openRecipient, sealRecipient } from '../tracking/recipient-seal.js';
import { type TokenPayload } from '../tracking/token-codec.js';
import { VerifiedTokens } from '../tracking/verified-tokens.js';
import { allowedDestination, allowedImage } from '../trust/destination-policy.js';
import { assignmentPoint, variantAt } from '../campaigns/variant-assignment.js';
import { utmParams, withUtm } from '../tracking/utm.js';
import { sendBlankImage, sendNeutralPage } from './neutral-page.js';

/** The links function needs only these: no Auth, no task queue (its cold start stays small). */
export type LinksDeps = Pick<Deps, 'db' | 'config' | 'log' | 'now'>;

export interface LinksRuntime {
  tokens: VerifiedTokens;
  resolver: LinkResolver;
  committer: GroupCommitter;
  burst: BurstTracker;
  repeats: ClientRepeats;
  dailyCap: LinkDayCap;
}

export function createLinksRuntime(
  deps: LinksDeps,
  options: { cacheTtlMs?: number; maxWaitMs?: number; onCommit?: GroupCommitterOptions['onCommit']; sink?: HitSink | null; publishWaitMs?: number } = {},
): LinksRuntime {
  // The one choice between the queue and the direct commit: the configuration's (core/config.ts hitQueue).
  const queue = options.sink === undefined ? hitQueueFor(deps.config) : null;
  const sink = options.sink === undefined ? queue : options.sink;
  // Topic and subscription checked at start, not on the first visitor's publish (a failure is retried then).
  queue?.ensure().catch(() => {});
  return {
    tokens: new VerifiedTokens(deps.config.linkKeys),
    resolver: new LinkResolver(deps.db, { ttlMs: options.cacheTtlMs ?? 30_000 }),
    committer: new GroupCommitter(deps.db, {
      maxWaitMs: options.maxWaitMs ?? 1500,
      // With a hit queue (config.hitQueue), a batch is one publish; a failed one is committed directly.
      ...(options.publishWaitMs ? { publishWaitMs: options.publishWaitMs } : {}),
      ...(sink ? { sink, ledger: (ids: string[], hits: number) => ledgerEntry(ids, hits, 'fallback', deps.now()) } : {}),
      onError: (error, hits, stage) =>
        stage === 'publish' ? deps.log.warn('hit queue publish failed: committed directly', { hits, error: errorName(error) }) : deps.log.error('tracking commit failed', { hits, error: errorName(error) }),
      ...(options.onCommit ? { onCommit: options.onCommit } : {}),
    }),
    burst: new BurstTracker(),
    repeats: new ClientRepeats({ now: () => deps.now().getTime() }),
    dailyCap: new LinkDayCap(deps.db, { now: () => deps.now().getTime() }),
  };
}

type Action = 'click' | 'view';

/** A plain Node request handler: Cloud Functions' `onRequest`, `http.createServer` and express all take it. */
export type LinksHandler = (req: IncomingMessage, res: ServerResponse) => void;

const ROUTE = /^\/(c|v)\/([^/?#]+)(?:\?.*)?$/;

/**
 * The tracked-link app: `GET /c/<token>` (click → 302 to the campaign's destination) and
 * `GET /v/<token>` (view → 302 to the banner image); HEAD is answered the same way but is
 * classified as a bot and never counts as a click. A bare Node handler rather than express:
 * this is the hot path, and every microsecond and every module loaded at cold start counts.
 */
export function createLinksApp(deps: LinksDeps, runtime: LinksRuntime = createLinksRuntime(deps)): LinksHandler {
  // Banner images on the link host itself (the demo ones) are always allowed.
  const ownOrigin = new URL(deps.config.linkBaseUrl).origin;
  return (req, res) => {
    const match = ROUTE.exec(req.url ?? '');
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return sendNeutralPage(req, res, 404);
    void serve(deps, runtime, ownOrigin, match[1] === 'c' ? 'click' : 'view', match[2]!, req, res);
  };
}

async function serve(deps: LinksDeps, rt: LinksRuntime, ownOrigin: string, action: Action, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const payload = rt.tokens.decode(token);
    if (!payload) return sendNeutralPage(req, res, 404);
    const tenant = rt.resolver.peekTenant(payload.tenantCode) ?? (await rt.resolver.tenant(payload.tenantCode));
    if (!tenant) return sendNeutralPage(req, res, 404);
    if (tenant.status === 'deleting') return sendNeutralPage(req, res, 410);
    // Suspended by the operator: no redirect, nothing counted, from the next tenant read on (cache TTL).
    if (tenant.linksSuspended) return sendNeutralPage(req, res, 410);
    let campaign = rt.resolver.peekCampaign(tenant.tenantId, payload.campaignCode);
    let userId = payload.userCode ? rt.resolver.peekUserId(tenant.tenantId, payload.userCode) : null;
    if (campaign === undefined || userId === undefined) {
      [campaign, userId] = await Promise.all([
        campaign !== undefined ? campaign : rt.resolver.campaign(tenant.tenantId, payload.campaignCode),
        userId !== undefined ? userId : rt.resolver.userId(tenant.tenantId, payload.userCode),
      ]);
    }
    const at = deps.now();
    // A running A/B test: the employee's variant by the same stable hash their signature used, so
    // image and click agree without the token naming a variant. An unknown employee (erased) sees
    // the campaign's own banner and stays out of the comparison. Once the test ends the campaign
    // holds no variants: every link, whichever variant it was sent with, shows and leads to the winner.
    const variant = campaign?.variants && userId ? variantAt(campaign.variants, pointOf(campaign.campaignId, userId)) : null;
    if (variant) campaign = { ...campaign!, destinationUrl: variant.destinationUrl, imageUrl: variant.imageUrl };
    if (campaign) await record(deps, rt, { action, req, token, payload, tenant, campaign, userId, at, variantKey: variant?.countKey ?? null });
    if (action === 'click') {
      const target = clickTarget(tenant, campaign, at.getTime());
      if (!target) return sendNeutralPage(req, res, 410);
      // UTM parameters go on the campaign's own destination only, never on a fallback page.
      const tagged = campaign && target.kind === 'destination' && tenant.utm.enabled ? taggedUrl(target.url, tenant, campaign, variant?.id ?? campaign.winnerId) : target.url;
      return redirect(res, tagged, 'no-store');
    }
    // Each open that reaches us counts; the image itself is cached by its own host. Checked like a
    // click's destination (an image URL is a redirect too), and normalised: a raw non-ASCII URL is
    // not a valid Location header.
    const image = campaign ? allowedImage(campaign.imageUrl, tenant.destinations, ownOrigin) : null;
    if (image) return redirect(res, image, 'no-cache, max-age=0');
    sendBlankImage(req, res);
  } catch (err) {
    // Cold cache and Firestore unreachable: nothing to redirect to.
    deps.log.error('tracked link failed', { action, error: errorName(err) });
    if (!res.headersSent) sendNeutralPage(req, res, 503);
  }
}

/** An employee's assignment point in a test (one SHA-256), remembered: a hot link costs no hash per hit. Bounded; emptied when full. */
const points = new Map<string, number>();
function pointOf(campaignId: string, userId: string): number {
  const key = `${campaignId}\u0000${userId}`;
  let p = points.get(key);
  if (p === undefined) {
    if (points.size >= 50_000) points.clear();
    p = assignmentPoint(campaignId, userId);
    points.set(key, p);
  }
  return p;
}

/**
 * The tagged destination, remembered: the same few destinations are tagged thousands of times a
 * second on a hot campaign, and parsing the URL and slugging the name each time would cost more
 * CPU than the rest of the handler's own work. Bounded; emptied when full.
 */
const tagged = new Map<string, string>();
/** Destinations may be 2,000 characters long: bounded by characters too (~2-4 MB), not by count alone. */
let taggedChars = 0;
function taggedUrl(url: string, tenant: TenantInfo, campaign: CampaignInfo, variantId: string | null): string {
  const u = campaign.utm;
  const key = `${url}\u0000${tenant.utm.source}\u0000${tenant.utm.medium}\u0000${campaign.name}\u0000${u?.source ?? ''}\u0000${u?.medium ?? ''}\u0000${u?.campaign ?? ''}\u0000${variantId ?? ''}`;
  let out = tagged.get(key);
  if (out === undefined) {
    out = withUtm(url, utmParams(tenant.utm, campaign, variantId));
    if (tagged.size >= 10_000 || taggedChars > 2_000_000) (tagged.clear(), (taggedChars = 0));
    tagged.set(key, out);
    taggedChars += key.length + out.length;
  }
  return out;
}

function redirect(res: ServerResponse, url: string, cacheControl: string): void {
  res.writeHead(302, { Location: url, 'Cache-Control': cacheControl, 'Referrer-Policy': 'no-referrer', 'Content-Length': 0 });
  res.end();
}

/**
 * The live campaign's destination; after its end, the tenant's fallback. Every candidate passes the
 * destination policy again (trust/destination-policy.ts): a destination saved before it, or whose
 * host the tenant no longer verifies or allows, is never followed; its link goes to the fallback
 * (if that is allowed) or, with none, to a neutral page (null).
 */
export function clickTarget(tenant: TenantInfo, campaign: CampaignInfo | null, nowMs: number): { url: string; kind: 'destination' | 'fallback' | 'home' } | null {
  const live = campaign && campaign.status === 'active' && campaign.startAtMs <= nowMs && (campaign.endAtMs === null || campaign.endAtMs > nowMs);
  const destination = allowedDestination(campaign?.destinationUrl, tenant.destinations);
  if (live && destination) return { url: destination, kind: 'destination' };
  const fallback = allowedDestination(tenant.fallbackUrl, tenant.destinations);
  if (fallback) return { url: fallback, kind: 'fallback' };
  if (campaign?.destinationUrl && !destination) return null;
  if (destination) return { url: destination, kind: 'destination' };
  return tenant.homeUrl ? { url: tenant.homeUrl, kind: 'home' } : null;
}

interface RecordInput {
  action: Action;
  req: IncomingMessage;
  token: string;
  payload: TokenPayload;
  tenant: TenantInfo;
  campaign: CampaignInfo;
  userId: string | null;
  at: Date;
  variantKey: string | null;
}

async function record(deps: LinksDeps, rt: LinksRuntime, r: RecordInput): Promise<void> {
  let classification = classifyHit({
    action: r.action,
    method: r.req.method ?? 'GET',
    userAgent: r.req.headers['user-agent'],
    purpose: header(r.req, 'sec-purpose') ?? header(r.req, 'purpose') ?? header(r.req, 'x-moz') ?? header(r.req, 'x-purpose'),
    referer: r.req.headers.referer,
    burst: rt.burst.hit(`${r.action}:${r.token}`, r.at.getTime()),
    repeat: rt.repeats.hit(r.action, r.token, clientAddress(r.req), r.req.headers['user-agent'] ?? ''),
  });
  if (r.action === 'click' && !classification.bot && r.userId && !(await rt.dailyCap.admit(r.tenant.tenantId, r.campaign.campaignId, r.userId, utcDay(r.at), r.at))) {
    classification = OVER_DAILY_CAP;
  }
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
  const hit = buildHit({ tenantId: r.tenant.tenantId, campaignId: r.campaign.campaignId, userId: r.userId, action: r.action, classification, at: r.at, variantKey: r.variantKey, ...(recipient ? { recipient } : {}) });
  const outcome = await rt.committer.record(hit);
  if (outcome !== 'committed' && outcome !== 'queued') {
    deps.log.warn('tracking hit not confirmed', { outcome, action: r.action, tenantId: r.tenant.tenantId, campaignId: r.campaign.campaignId });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function errorName(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err) return `${(err as { name?: string }).name ?? "Error"}:${String((err as { code: unknown }).code)}`;
  return err instanceof Error ? err.name : 'unknown';
}
