/**
 * How one `links` instance is sized. A tracked-link request spends almost all its life waiting for
 * the group commit that carries its hit (10-30 ms on Firestore) and ~50 µs on the CPU, so the
 * instance takes Cloud Run's maximum concurrency: it becomes CPU-bound instead of latency-bound,
 * more clicks share each commit, and a hot campaign needs fewer instances (and cold starts).
 * The redirect benchmark loads the app with exactly this many connections.
 */
export const LINKS_INSTANCE = { memory: '256MiB', concurrency: 1000, cpu: 1 } as const;
