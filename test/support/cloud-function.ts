import type { Server } from 'node:http';
import { http, type HttpFunction } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { onRequest } from 'firebase-functions/v2/https';
import { guardFrameworkParsers } from '../../functions/src/http/framework-parsers.js';

let count = 0;

/**
 * An HTTP handler served the way Cloud Functions (2nd gen, Node) serves it: firebase-functions'
 * `onRequest` wrapper (as index.ts exports it), registered with the real functions framework
 * (@google-cloud/functions-framework, the package Cloud Run's Node buildpack runs) and served by
 * its own server, so the request passes its body parsers first: json, text, urlencoded, then raw
 * for any other type, with the bytes kept in `req.rawBody`, guarded as index.ts guards them in
 * production (functions/src/http/framework-parsers.ts: never inflate, read at most 1 MB). What the
 * front end adds (32 MB cap, TLS, auth of private functions) is not here.
 */
export function asCloudFunction(handler: (req: any, res: any) => void | Promise<void>): Server {
  if (guardFrameworkParsers() === 0) throw new Error('the functions framework body parsers are not loaded');
  const name = `herald_test_${++count}`;
  // onRequest's function is a (req, res) handler with its endpoint metadata attached.
  http(name, onRequest(handler) as unknown as HttpFunction);
  return getTestServer(name);
}
