import { GoogleAuth } from 'google-auth-library';
import { pubsub_v1 } from 'googleapis/build/src/apis/pubsub/v1.js';
import type { HitSink, QueuedHits } from './group-committer.js';

/**
 * The hit queue: a Pub/Sub topic the links app publishes its batches of hits to (one publish per
 * batch) and a pull subscription the drain (drain-hits.ts) folds into the counter shards once a
 * minute. Through googleapis' Pub/Sub v1 REST client: the links function already loads
 * googleapis-common and google-auth-library's dependencies (firebase-admin), where
 * `@google-cloud/pubsub` would add its own gRPC stack (docs/tracking.md#the-hit-queue).
 */
export const HIT_TOPIC = 'herald-hits';
export const HIT_SUBSCRIPTION = 'herald-hits-drain';
/** How long the subscription keeps an unacknowledged message (Pub/Sub's default, 7 days); the ledger outlives it. */
export const HIT_SUBSCRIPTION_RETENTION_DAYS = 7;
/**
 * A pulled message is leased this long: longer than a drain may run (its budget, then its
 * function's timeout), so no other drain receives it while the first is folding it.
 */
export const HIT_ACK_DEADLINE_SECONDS = 180;
/** Pub/Sub accepts at most 1,000 messages per publish and returns at most 1,000 per pull. */
export const MAX_MESSAGES_PER_REQUEST = 1000;
/** Pub/Sub's per-request limit is 10 MB; a bigger batch is committed directly. */
const MAX_PUBLISH_BYTES = 9_000_000;

export interface HitQueueConfig {
  projectId: string;
  /** The only region messages may be stored in (the functions' region, inside the tenant data's location). */
  region: string;
  /** The Pub/Sub emulator's base URL, or null for Google's endpoint (production). */
  apiEndpoint: string | null;
}

export interface PulledMessage {
  ackId: string;
  /** Pub/Sub's own id (logs only). */
  messageId: string;
  publishTime: Date;
  /** The message body, decoded from base64. */
  data: Buffer;
}

/** What Pub/Sub bills a request (cloud.google.com/pubsub/pricing): its messages' volume, at least 1,000 bytes. */
export function billedBytes(messages: { data: number; attributes?: number; messageId?: number }[]): number {
  const volume = messages.reduce((n, m) => n + m.data + (m.attributes ?? 0) + 20 + (m.messageId ?? 0), 0);
  return Math.max(1000, volume);
}

export class HitQueue implements HitSink {
  private readonly api: pubsub_v1.Pubsub;
  private readonly topic: string;
  private readonly subscription: string;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly config: HitQueueConfig,
    /** Called per publish or pull request with the bytes Pub/Sub bills for it (benchmarks). */
    private readonly onBilled?: (kind: 'publish' | 'pull', bytes: number) => void,
  ) {
    // The emulator takes no credentials; Google's endpoint the function's own service account.
    const auth = config.apiEndpoint ? undefined : new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/pubsub'] });
    // Production: the region's locational endpoint, so requests are received where the topic's
    // storage policy allows them (with enforceInTransit, Pub/Sub refuses those received elsewhere).
    this.api = new pubsub_v1.Pubsub({ ...(auth ? { auth } : {}), rootUrl: config.apiEndpoint ?? `https://${config.region}-pubsub.googleapis.com/` });
    this.topic = `projects/${config.projectId}/topics/${HIT_TOPIC}`;
    this.subscription = `projects/${config.projectId}/subscriptions/${HIT_SUBSCRIPTION}`;
  }

  /**
   * Creates the topic and its subscription if missing (once per instance; a failure is retried on
   * the next use). Both before the first publish: Pub/Sub drops what is published to a topic
   * without a subscription. The topic may store messages in the functions' region only, and
   * refuses requests received elsewhere (cloud.google.com/pubsub/docs/resource-location-restriction:
   * `allowedPersistenceRegions`, `enforceInTransit`).
   */
  ensure(): Promise<void> {
    this.ready ??= this.create().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  private async create(): Promise<void> {
    await ignoreExists(
      this.api.projects.topics.create({
        name: this.topic,
        requestBody: { messageStoragePolicy: { allowedPersistenceRegions: [this.config.region], enforceInTransit: true } },
      }),
    );
    await ignoreExists(
      this.api.projects.subscriptions.create({
        name: this.subscription,
        requestBody: {
          topic: this.topic,
          ackDeadlineSeconds: HIT_ACK_DEADLINE_SECONDS,
          messageRetentionDuration: `${HIT_SUBSCRIPTION_RETENTION_DAYS * 86_400}s`,
          // Never deleted for inactivity: an expiration policy without `ttl` (the default deletes an idle subscription after 31 days).
          expirationPolicy: {},
        },
      }),
    );
  }

  /** One publish request carrying every message; resolves once Pub/Sub has stored them. */
  async publish(messages: QueuedHits[]): Promise<void> {
    if (messages.length > MAX_MESSAGES_PER_REQUEST) throw new Error(`a batch of ${messages.length} messages is more than one publish carries`);
    const bodies = messages.map((m) => Buffer.from(encodeHits(m)));
    const bytes = bodies.reduce((n, b) => n + b.length, 0);
    if (bytes > MAX_PUBLISH_BYTES) throw new Error(`a batch of ${bytes} bytes is more than one publish carries`);
    await this.ensure();
    await this.api.projects.topics.publish({ topic: this.topic, requestBody: { messages: bodies.map((b) => ({ data: b.toString('base64') })) } });
    this.onBilled?.('publish', billedBytes(bodies.map((b) => ({ data: b.length }))));
  }

  /**
   * One synchronous pull of up to `max` messages, answered at once (`returnImmediately`): a pull
   * left waiting on an empty subscription and then abandoned would still lease the next messages
   * published, hiding them for the ack deadline (seen on the emulator). Google discourages the flag
   * because such a pull may come back empty while messages wait: they are then taken by the next
   * drain, a minute later. `timeoutMs` bounds a hung request.
   */
  async pull(max: number, timeoutMs: number): Promise<PulledMessage[]> {
    await this.ensure();
    const res = await this.api.projects.subscriptions.pull(
      { subscription: this.subscription, requestBody: { maxMessages: Math.min(max, MAX_MESSAGES_PER_REQUEST), returnImmediately: true } },
      { timeout: timeoutMs, retry: false },
    );
    const received = res.data.receivedMessages ?? [];
    const out = received.map((r) => ({
      ackId: r.ackId!,
      messageId: r.message?.messageId ?? '',
      publishTime: new Date(r.message?.publishTime ?? 0),
      data: Buffer.from(r.message?.data ?? '', 'base64'),
    }));
    if (out.length) this.onBilled?.('pull', billedBytes(out.map((m) => ({ data: m.data.length, messageId: m.messageId.length }))));
    return out;
  }

  /** Acknowledges (Pub/Sub deletes them); free of charge. */
  async ack(ackIds: string[]): Promise<void> {
    for (let i = 0; i < ackIds.length; i += MAX_MESSAGES_PER_REQUEST) {
      await this.api.projects.subscriptions.acknowledge({ subscription: this.subscription, requestBody: { ackIds: ackIds.slice(i, i + MAX_MESSAGES_PER_REQUEST) } });
    }
  }

  /** Gives messages back for redelivery now (ack deadline 0). */
  async nack(ackIds: string[]): Promise<void> {
    for (let i = 0; i < ackIds.length; i += MAX_MESSAGES_PER_REQUEST) {
      await this.api.projects.subscriptions.modifyAckDeadline({ subscription: this.subscription, requestBody: { ackIds: ackIds.slice(i, i + MAX_MESSAGES_PER_REQUEST), ackDeadlineSeconds: 0 } });
    }
  }
}

/** The hit queue of this configuration, or null where hits are committed directly (npm start). */
export function hitQueueFor(config: { projectId: string; functionRegion?: string | undefined; hitQueue: { apiEndpoint: string | null } | null }, onBilled?: (kind: 'publish' | 'pull', bytes: number) => void): HitQueue | null {
  if (!config.hitQueue) return null;
  return new HitQueue({ projectId: config.projectId, region: config.functionRegion ?? 'europe-west1', apiEndpoint: config.hitQueue.apiEndpoint }, onBilled);
}

/**
 * A message's body: `{ v: 1, id, hits }` as JSON, the hits exactly as build-hit.ts made them, dates
 * as `{ "$date": ISO string }` (the recipient click's `at` and `expireAt`).
 */
export function encodeHits(m: QueuedHits): string {
  return JSON.stringify({ v: 1, id: m.id, hits: m.hits }, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : value;
  });
}

/** The body back as plain data (not yet checked: drain-hits.ts validates it). */
export function parseHitsBody(body: string): unknown {
  return JSON.parse(body, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === '$date' && typeof (value as { $date: unknown }).$date === 'string') return new Date((value as { $date: string }).$date);
    }
    return value;
  });
}

async function ignoreExists(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (statusOf(err) !== 409) throw err;
  }
}

function statusOf(err: unknown): number | undefined {
  const e = err as { status?: number; response?: { status?: number }; code?: number | string };
  return e?.status ?? e?.response?.status ?? (typeof e?.code === 'number' ? e.code : undefined);
}
