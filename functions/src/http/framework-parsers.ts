import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What the functions framework may read before our code runs.
 *
 * Cloud Functions (2nd gen, Node) serves every HTTP function behind the functions framework
 * (@google-cloud/functions-framework, server.js), whose body parsers (body-parser json, text,
 * urlencoded, raw) run BEFORE the function: with their defaults they inflate gzip, deflate and br
 * and read up to 1024 MB, so a few small compressed bodies filled an instance before any app could
 * refuse them (issue #20, item 6). The framework offers no option for its parsers, but builds them
 * from body-parser's factories when it starts serving, after it has loaded our module. So index.ts
 * calls `guardFrameworkParsers()` at load, which wraps those factories in every loaded copy of
 * body-parser, so that the framework:
 * - never inflates (`inflate: false`), and leaves a body with a Content-Encoding other than
 *   identity unread, for the app to refuse with its own 415;
 * - reads only a body that declares its length up to FRAMEWORK_READ_LIMIT (a task's payload, a
 *   JSON request; the limit also applies while reading); any other body (longer, or chunked with
 *   no length) is left unread, for the app to read with the route's own limit, after
 *   authentication (the API's CSV import).
 */
export const FRAMEWORK_READ_LIMIT = 1024 * 1024;

const PARSERS = ['json', 'text', 'urlencoded', 'raw'] as const;
const GUARDED = Symbol.for('herald.frameworkParsersGuarded');

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
type Factory = (options?: Record<string, unknown>) => Middleware;

/** True when the request's body is sent as is (no Content-Encoding, or identity). */
export function isIdentityEncoded(req: IncomingMessage): boolean {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  return encoding === '' || encoding === 'identity';
}

/** A body the framework may read: sent as is, with a declared length within FRAMEWORK_READ_LIMIT. */
function frameworkMayRead(req: IncomingMessage): boolean {
  const length = Number(req.headers['content-length']);
  return isIdentityEncoded(req) && req.headers['content-length'] !== undefined && Number.isFinite(length) && length <= FRAMEWORK_READ_LIMIT;
}

function guardFactory(original: Factory): Factory {
  return (options = {}) => {
    const limit = Math.min(typeof options.limit === 'number' ? options.limit : FRAMEWORK_READ_LIMIT, FRAMEWORK_READ_LIMIT);
    const parse = original({ ...options, inflate: false, limit });
    return (req, res, next) => (frameworkMayRead(req) ? parse(req, res, next) : next());
  };
}

/**
 * Wraps the parser factories of every body-parser already loaded in this process (the functions
 * framework's server loads its copy before it loads our module). Idempotent. Returns how many
 * copies are guarded, so the caller can refuse to serve unguarded.
 */
export function guardFrameworkParsers(): number {
  const cache = createRequire(import.meta.url).cache;
  let guarded = 0;
  for (const [file, mod] of Object.entries(cache)) {
    if (!/[\\/]node_modules[\\/]body-parser[\\/]index\.js$/.test(file) || !mod) continue;
    const bodyParser = mod.exports as Record<string | symbol, unknown>;
    if (!bodyParser[GUARDED]) {
      for (const name of PARSERS) {
        const original = bodyParser[name] as Factory;
        const wrapped = guardFactory(original);
        Object.defineProperty(bodyParser, name, { configurable: true, enumerable: true, get: () => wrapped });
      }
      Object.defineProperty(bodyParser, GUARDED, { value: true });
    }
    guarded++;
  }
  return guarded;
}
