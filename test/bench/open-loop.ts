/**
 * Open-loop HTTP load: requests leave at a fixed arrival rate whatever the server's latency, and each
 * request's latency is measured from the moment it was due to leave, so a stalled server is charged
 * for the queue it causes (no coordinated omission). autocannon's `overallRate` is not this: it gives
 * each connection a quota per second, released at once at every second's tick, so its "2,000/s" is a
 * burst at the top of each second on 1,000 connections, and a slow server makes it send less.
 *
 * Plain node:http keep-alive sockets, up to `maxSockets` at once (a request finding none free waits in
 * the agent's queue, still on the clock).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface OpenLoopResult {
  offeredPerSec: number;
  /** Responses per second over the run (sent until the end, answered until the drain deadline). */
  answeredPerSec: number;
  sent: number;
  answered: number;
  status302: number;
  otherStatus: number;
  errors: number;
  /** Latency percentiles in ms, from each request's scheduled start to the end of its response. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function openLoop(options: { port: number; paths: readonly string[]; ratePerSec: number; seconds: number; userAgent: string; maxSockets?: number; firstPath?: number }): Promise<OpenLoopResult> {
  const { port, paths, ratePerSec, seconds, userAgent } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 1000 });
  const total = Math.round(ratePerSec * seconds);
  const interval = 1000 / ratePerSec;
  const latencies: number[] = [];
  let status302 = 0;
  let otherStatus = 0;
  let errors = 0;
  let settled = 0;
  let sent = 0;
  let lastAnswerAt = 0;
  let allSettled!: () => void;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const settle = () => {
    if (++settled === total) allSettled();
  };
  const start = performance.now() + 5;
  const send = (i: number) => {
    const due = start + i * interval;
    const req = request({ host: '127.0.0.1', port, agent, method: 'GET', path: paths[((options.firstPath ?? 0) + i) % paths.length], headers: { 'user-agent': userAgent } }, (res) => {
      res.resume();
      res.on('end', () => {
        lastAnswerAt = performance.now();
        latencies.push(lastAnswerAt - due);
        if (res.statusCode === 302) status302++;
        else otherStatus++;
        settle();
      });
    });
    req.on('error', () => {
      errors++;
      settle();
    });
    req.end();
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) send(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(1, start + sent * interval - performance.now())));
      else resolve();
    };
    setTimeout(tick, 5);
  });
  // Answers still on their way: wait for them, but not for ever.
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! * 100) / 100 : NaN);
  const elapsed = (Math.max(lastAnswerAt, start + total * interval) - start) / 1000;
  return {
    offeredPerSec: ratePerSec,
    answeredPerSec: Math.round(latencies.length / elapsed),
    sent: total,
    answered: latencies.length,
    status302,
    otherStatus,
    errors,
    p50Ms: pct(50),
    p90Ms: pct(90),
    p99Ms: pct(99),
    maxMs: latencies.length ? Math.round(latencies[latencies.length - 1]! * 100) / 100 : NaN,
  };
}
