import express from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../functions/src/core/errors.js';
import { errorHandler, type ErrorHandlerOptions } from '../../functions/src/http/error-handler.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';

/** An app with a JSON route (10 bytes at most), a route that fails as told, and the handler. */
function app(options: Omit<ErrorHandlerOptions, 'log'> = { label: 'test error' }) {
  const log = memoryLogger();
  const served = express();
  served.post('/json', express.json({ limit: 10 }), (_req, res) => {
    res.json({ ok: true });
  });
  served.get('/fail/:secret', (req, res) => {
    res.set('Cache-Control', 'public, max-age=300');
    throw req.query.app ? new AppError('not_found', 'no such thing') : new Error(`failed for ${req.params.secret}`);
  });
  served.use(errorHandler({ log, ...options }));
  return { http: supertest(served), log };
}

describe('errorHandler', () => {
  it('answers an AppError as it is, unlogged', async () => {
    const { http, log } = app();
    const res = await http.get('/fail/x?app=1');
    expect([res.status, res.body]).toEqual([404, { error: { code: 'not_found', message: 'no such thing' } }]);
    expect(log.entries).toEqual([]);
  });

  it("maps the body parser's errors: bad JSON, too large, unsupported charset", async () => {
    const { http } = app({ label: 'test error', tooLargeMessage: 'body: over 10 bytes' });
    const bad = await http.post('/json').set('Content-Type', 'application/json').send('{');
    expect([bad.status, bad.body.error]).toEqual([400, { code: 'invalid_argument', message: 'body: not valid JSON' }]);
    const big = await http.post('/json').set('Content-Type', 'application/json').send('{"a":"0123456789"}');
    expect([big.status, big.body.error]).toEqual([413, { code: 'payload_too_large', message: 'body: over 10 bytes' }]);
    const latin = await http.post('/json').set('Content-Type', 'application/json; charset=latin1').send('{}');
    expect([latin.status, latin.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('answers an unknown error as internal, with the app message and headers, and logs no personal data', async () => {
    const { http, log } = app({ label: 'test error', internalMessage: 'the test failed', headers: { 'Cache-Control': 'no-store' } });
    const res = await http.get('/fail/jane.doe@acme.example');
    expect([res.status, res.body]).toEqual([500, { error: { code: 'internal', message: 'the test failed' } }]);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(log.entries).toEqual([{ level: 'error', message: 'test error', fields: { code: 'internal', method: 'GET', route: '/fail/:secret', error: 'Error' } }]);
  });
});
