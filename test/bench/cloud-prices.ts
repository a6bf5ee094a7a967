/**
 * List prices the cost bench uses (USD, on-demand, before free tiers: those are per billing account,
 * not per tenant). Read on 2026-12-02 from the search tool's stored copies of the vendors' pages (no
 * internet here); each entry names its page. Where the stored page did not show the exact region,
 * `assumed` says what was taken instead.
 */
export const PRICES = {
  firestore: {
    source: 'https://firebase.google.com/docs/firestore/pricing (and cloud.google.com/firestore/pricing), multi-region table',
    // Herald's EU project is eur3, the US one nam5 (core/regions.ts). The stored pages show the
    // multi-region rows for nam5 ("United States (multi-region)"): $0.06 / $0.18 / $0.02 per 100k, $0.18 GiB-month.
    assumed: 'eur3 at the nam5 multi-region rows (the stored copies list eur3 among the locations but not its row)',
    readPer100k: 0.06,
    writePer100k: 0.18,
    deletePer100k: 0.02,
    /** TTL deletes are billed as deletes (same page: "TTL deletes" have no free quota). */
    ttlDeletePer100k: 0.02,
    storedGiBMonth: 0.18,
  },
  cloudRun: {
    source: 'https://cloud.google.com/run/pricing, "Pricing for regions in Tier 1", services with CPU allocated during request processing (europe-west1 and us-central1 are Tier 1)',
    vcpuSecond: 0.000024,
    gibSecond: 0.0000025,
    perMillionRequests: 0.4,
  },
  pubsub: {
    source:
      'https://cloud.google.com/pubsub/pricing, "Throughput": publish requests and data delivered by pull, streamingPull or push, $40 per TiB after the first 10 GiB (per billing account, left out); "a minimum of 1000 bytes per publish, push or pull request is assessed regardless of message size"; other operations (acknowledge, modifyAckDeadline, admin) generate no throughput charges',
    perTiB: 40,
    minBytesPerRequest: 1000,
  },
  cloudTasks: {
    source: 'https://cloud.google.com/tasks/pricing: a billable operation is an API call or a push delivery attempt, $0.40 per million beyond the first million',
    perMillionOperations: 0.4,
  },
} as const;

/**
 * vCPU of an instance whose `cpu` option is unset, from its memory: the table of
 * cloud.google.com/functions/docs/configuring/memory (256 MiB .167, 512 MiB .333, 1 GiB .583, 2 GiB 1).
 */
export function vcpuForMemory(mib: number): number {
  if (mib <= 128) return 0.083;
  if (mib <= 256) return 0.167;
  if (mib <= 512) return 0.333;
  if (mib <= 1024) return 0.583;
  if (mib <= 2048) return 1;
  return 2;
}

/**
 * What a function's work costs: `instanceSeconds` of an instance of `vcpu` and `mib`, plus its requests.
 * Callers turn measured CPU into instance seconds (see cost.bench.ts: CPU ÷ vCPU ÷ utilisation for
 * instances that share their CPU between requests, wall time for tasks, which run one at a time).
 */
export function runCost(instanceSeconds: number, vcpu: number, mib: number, requests: number): number {
  const p = PRICES.cloudRun;
  return instanceSeconds * (vcpu * p.vcpuSecond + (mib / 1024) * p.gibSecond) + (requests / 1e6) * p.perMillionRequests;
}

export function firestoreCost(ops: { reads: number; writes: number; deletes: number; ttlDeletes: number }): number {
  const p = PRICES.firestore;
  return (ops.reads * p.readPer100k + ops.writes * p.writePer100k + ops.deletes * p.deletePer100k + ops.ttlDeletes * p.ttlDeletePer100k) / 1e5;
}

/** What Pub/Sub bills for `bytes` of throughput (each request already counted at its 1,000-byte minimum). */
export function pubsubCost(bytes: number): number {
  return (bytes / 2 ** 40) * PRICES.pubsub.perTiB;
}
