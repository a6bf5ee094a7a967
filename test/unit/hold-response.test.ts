import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { holdFirstByte } from '../../functions/src/http/hold-response.js';

/** An app whose one route streams a file (as the export download does) behind a gate. */
function appWith(gate: () => Promise<unknown>, events: string[]) {
  const app = express();
  app.get('/file', async (_req, res) => {
    holdFirstByte(res, gate, () => events.push('refused'));
    res.status(200).type('text/plain');
    await pipeline(Readable.from(['part one, ', 'part two']), res).catch(() => res.destroy());
    events.push('handler returned');
  });
  app.get('/send', (_req, res) => {
    holdFirstByte(res, gate, () => events.push('refused'));
    res.status(200).send('sent whole');
  });
  return app;
}

describe('holdFirstByte (an audited read is recorded before any byte leaves)', () => {
  it('sends a streamed file only once the gate has resolved, whole and in order', async () => {
    const events: string[] = [];
    const gate = () => new Promise((resolve) => setTimeout(() => (events.push('audit written'), resolve('id')), 50));
    const res = await request(appWith(gate, events)).get('/file');
    expect(res.status).toBe(200);
    expect(res.text).toBe('part one, part two');
    expect(events[0]).toBe('audit written');
  });

  it('holds a response sent whole (res.send) the same way', async () => {
    const events: string[] = [];
    const res = await request(appWith(() => new Promise((r) => setTimeout(() => (events.push('audit written'), r(null)), 30)), events)).get('/send');
    expect(res.text).toBe('sent whole');
    expect(events).toEqual(['audit written']);
  });

  it('sends nothing when the gate fails: the connection closes without the file', async () => {
    const events: string[] = [];
    const outcome = await request(appWith(() => Promise.reject(new Error('audit write failed')), events))
      .get('/file')
      .then((r) => `answered ${r.status}: ${r.text}`, (err: Error) => `closed: ${err.message}`);
    expect(outcome).not.toContain('part one');
    expect(outcome.startsWith('closed')).toBe(true);
    expect(events).toContain('refused');
  });
});
