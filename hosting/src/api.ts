import type { Auth } from 'firebase/auth';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the Herald API with the signed-in user's ID token; errors arrive as `{ error: { code, message } }`. */
export function createApi(auth: Auth) {
  return async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
    const user = auth.currentUser;
    const headers = new Headers(init.headers);
    if (user) headers.set('Authorization', `Bearer ${await user.getIdToken()}`);
    if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    const res = await fetch(`/api${path}`, { ...init, headers });
    const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
    if (!res.ok) {
      const err = (body as { error?: { code: string; message: string } }).error;
      throw new ApiError(res.status, err?.code ?? 'unknown', err?.message ?? `HTTP ${res.status}`);
    }
    return body as T;
  };
}
export type Api = ReturnType<typeof createApi>;

export interface Me {
  uid: string;
  email: string | null;
  tenantId: string | null;
  role: 'owner' | 'admin' | 'editor' | 'viewer' | 'user' | null;
  region: string;
}

export interface Tenant {
  id: string;
  name: string;
  region: string;
  status: string;
  domains: string[];
  settings: {
    fallbackUrl: string | null;
    gmailSignatures: boolean;
    recipientTracking: { enabled: boolean; retentionDays: number };
    auditRetentionDays: number;
  };
}
