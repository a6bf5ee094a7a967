import type { Firestore } from 'firebase-admin/firestore';

/**
 * The real Firestore client behind a switch: `fail` makes every read and commit reject as an
 * unreachable backend would (gRPC UNAVAILABLE), `hang` makes commits never answer. Objects handed
 * back (references, queries, batches) are wrapped too, and unwrapped when passed back in.
 */
export interface FlakySwitch {
  fail: boolean;
  hang: boolean;
}

export function flakyFirestore(real: Firestore): { db: Firestore; mode: FlakySwitch } {
  const mode: FlakySwitch = { fail: false, hang: false };
  const targets = new WeakMap<object, object>();
  const unwrap = (v: unknown) => (v && typeof v === 'object' && targets.has(v) ? targets.get(v) : v);
  const unavailable = () => Promise.reject(Object.assign(new Error('14 UNAVAILABLE: the backend is unreachable'), { code: 14 }));
  const wrap = <T extends object>(target: T): T => {
    const proxy = new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (prop === 'commit' && mode.hang) return new Promise(() => {});
          if ((prop === 'get' || prop === 'commit' || prop === 'getAll') && mode.fail) return unavailable();
          const result = (value as (...a: unknown[]) => unknown).apply(t, args.map(unwrap));
          return result && typeof result === 'object' && !(result instanceof Promise) ? wrap(result) : result;
        };
      },
    });
    targets.set(proxy, target);
    return proxy;
  };
  return { db: wrap(real), mode };
}
