import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACK_DOCUMENTS } from '../../functions/src/compliance/pack-ids.js';
import { pdfPages } from '../support/pdf-text.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/** The compliance pack through the API: the admins' and owners' download, per tenant, from the tenant's own settings. */
let env: TestEnv;
let acmeAdmin: string;
let initechAdmin: string;

beforeAll(async () => {
  env = await createTestEnv();
  acmeAdmin = await env.token(DEMO.acmeAdmin);
  initechAdmin = await env.token(DEMO.initechAdmin);
});

afterAll(async () => {
  // Leave Acme's settings as the seed had them.
  await env.http.patch('/api/tenant/settings').set('Authorization', `Bearer ${acmeAdmin}`).send({ recipientTracking: { enabled: false } });
  await env.http.patch('/api/privacy/retention').set('Authorization', `Bearer ${acmeAdmin}`).send({ auditRetentionDays: 365 });
});

const get = (path: string, token: string) => env.http.get(`/api${path}`).set('Authorization', `Bearer ${token}`).buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

describe('GET /api/compliance/pack', () => {
  it("lists the documents with the code version and the hash of the tenant's settings", async () => {
    const res = await env.http.get('/api/compliance/pack').set('Authorization', `Bearer ${acmeAdmin}`);
    expect(res.status).toBe(200);
    expect(res.body.documents.map((d: { id: string }) => d.id)).toEqual([...PACK_DOCUMENTS]);
    expect(res.body.settingsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.codeVersion).toMatch(/^Herald \d+\.\d+\.\d+/);
  });
});

describe('downloading the pack', () => {
  it('answers the same bytes twice for the same settings, as Markdown and as PDF', async () => {
    for (const format of ['markdown', 'pdf'] as const) {
      const a = await get(`/compliance/pack/all?format=${format}`, acmeAdmin);
      const b = await get(`/compliance/pack/all?format=${format}`, acmeAdmin);
      expect(a.status).toBe(200);
      expect((a.body as Buffer).equals(b.body as Buffer)).toBe(true);
      expect(a.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="herald-compliance-pack-[0-9a-f]{12}\\.${format === 'pdf' ? 'pdf' : 'md'}"$`));
    }
  });

  it("follows the tenant's settings: turning recipient tracking on and shortening retention change the DPIA and its hash", async () => {
    const before = await get('/compliance/pack/dpia', acmeAdmin);
    const text = (before.body as Buffer).toString('utf8');
    expect(text).toContain('Recipient tracking:** OFF');
    expect(text).toContain('Audit log retention:** 365 days');
    expect((await env.http.patch('/api/tenant/settings').set('Authorization', `Bearer ${acmeAdmin}`).send({ recipientTracking: { enabled: true } })).status).toBe(200);
    expect((await env.http.patch('/api/privacy/retention').set('Authorization', `Bearer ${acmeAdmin}`).send({ auditRetentionDays: 200 })).status).toBe(200);
    const after = (await get('/compliance/pack/dpia', acmeAdmin).then((r) => r.body as Buffer)).toString('utf8');
    expect(after).toContain('Recipient tracking:** ON');
    expect(after).toContain('Audit log retention:** 200 days');
    const hash = (md: string) => /Settings SHA-256:\*\* ([0-9a-f]{64})/.exec(md)![1];
    expect(hash(after)).not.toBe(hash(text));
    const pdf = await get('/compliance/pack/dpia?format=pdf', acmeAdmin);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await pdfPages(pdf.body as Buffer)).join('\n')).toContain('200 days');
  });

  it('records each download in the audit log', async () => {
    expect((await get('/compliance/pack/security-measures', acmeAdmin)).status).toBe(200);
    // Written before the first byte of the file left (http/hold-response.ts): there by the time the client has it.
    const entries = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'compliance.pack_download').get();
    expect(entries.docs.map((d) => d.data().target)).toContainEqual({ type: 'compliance_pack', id: 'security-measures' });
  });

  it('names a wrong document or format in words', async () => {
    const doc = await env.http.get('/api/compliance/pack/contracts').set('Authorization', `Bearer ${acmeAdmin}`);
    expect(doc.status).toBe(400);
    expect(doc.body.error.message).toContain("must be one of the pack's documents");
    const format = await env.http.get('/api/compliance/pack/dpia?format=docx').set('Authorization', `Bearer ${acmeAdmin}`);
    expect(format.status).toBe(400);
    expect(format.body.error.message).toContain('must be markdown or pdf');
  });
});

describe('the seam between tenants and people', () => {
  it("gives each tenant its own pack, made from its own settings only", async () => {
    const acme = (await get('/compliance/pack/all', acmeAdmin).then((r) => r.body as Buffer)).toString('utf8');
    const initech = (await get('/compliance/pack/all', initechAdmin).then((r) => r.body as Buffer)).toString('utf8');
    expect(acme).toContain('Customer (controller):** Acme');
    expect(initech).toContain('Customer (controller):** Initech');
    expect(initech).not.toContain('Acme');
    expect(initech).toContain('CSV files an admin uploads');
    const hash = (md: string) => /Settings SHA-256:\*\* ([0-9a-f]{64})/.exec(md)![1];
    expect(hash(initech)).not.toBe(hash(acme));
    // Initech's download leaves no trace in Acme's audit log.
    const acmeAudit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'compliance.pack_download').get();
    const initechAudit = await env.deps.db.collection('tenants/initech/audit').where('action', '==', 'compliance.pack_download').get();
    expect(initechAudit.size).toBeGreaterThan(0);
    expect(acmeAudit.docs.every((d) => d.data().actor.uid !== initechAudit.docs[0]!.data().actor.uid)).toBe(true);
  });

  it("opens to the tenant's admins and owners only", async () => {
    expect((await get('/compliance/pack/all', await env.token(DEMO.acmeOwner))).status).toBe(200);
    for (const role of ['editor', 'viewer', 'user'] as const) {
      const { token } = await env.account({ domain: 'acme.example', tenantId: 'acme', role });
      const res = await env.http.get('/api/compliance/pack/dpia').set('Authorization', `Bearer ${token}`);
      expect(res.status, role).toBe(403);
    }
    expect((await env.http.get('/api/compliance/pack/dpia')).status).toBe(401);
  });

  it('limits how many packs one person builds', async () => {
    const { token } = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'admin' });
    const answers: number[] = [];
    for (let i = 0; i < 31; i++) answers.push((await env.http.get('/api/compliance/pack/processing-annex').set('Authorization', `Bearer ${token}`)).status);
    expect(answers.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(answers[30]).toBe(429);
    // Another admin is not held back by the first one's count.
    expect((await env.http.get('/api/compliance/pack/processing-annex').set('Authorization', `Bearer ${initechAdmin}`)).status).toBe(200);
  });
});
