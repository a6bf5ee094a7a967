import { beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Issue #21 item 7: bad input answers in words, every problem at once, each naming the field as the
 * console shows it; groups come from the directory with their counts, and a mistyped one is refused
 * with the closest existing group.
 */
let env: TestEnv;
let acme: string;
let initech: string;

beforeAll(async () => {
  env = await createTestEnv();
  acme = await env.token(DEMO.acmeAdmin);
  initech = await env.token(DEMO.initechAdmin);
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const banner = { imageUrl: 'https://assets.acme.example/spring.png', destinationUrl: 'https://www.acme.example/spring', alt: 'Spring' };

describe('a body with problems', () => {
  it('answers three bad fields at once: three plain messages, each with its label', async () => {
    const res = await env.http
      .post('/api/campaigns')
      .set(as(acme))
      .send({ kind: 'banner', name: '', startAt: 'next tuesday', priority: 500, banner });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_argument');
    expect(res.body.error.fields).toEqual([
      { field: 'body.name', label: 'Campaign name', message: 'cannot be empty' },
      { field: 'body.startAt', label: 'Start', message: expect.stringMatching(/^must be an? .*date/i) },
      { field: 'body.priority', label: 'Priority', message: 'can be at most 100' },
    ]);
    expect(res.body.error.message).toMatch(/^Campaign name cannot be empty\. Start must .+\. Priority can be at most 100\.$/);
    expect(JSON.stringify(res.body)).not.toMatch(/Too small|Too big|Invalid input|expected string|>=|<=/);
  });

  it("answers a handler's refusal with the field's label too", async () => {
    const res = await env.http.put('/api/template-assignments').set(as(acme)).send({ templateId: 'no-such-template', target: { kind: 'everyone' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ field: 'body.templateId', label: 'Template', message: 'no such template' }]);
    expect(res.body.error.message).toBe('Template: no such template.');
  });
});

describe('groups from the directory', () => {
  it("lists the tenant's groups with their member counts, and only its own", async () => {
    const a = await env.http.get('/api/directory/groups').set(as(acme));
    expect(a.status).toBe(200);
    expect(a.body.groups).toContainEqual({ name: 'Marketing', members: 7 });
    expect(a.body.groups).toContainEqual({ name: 'Sales', members: 14 });
    expect(a.body.groups.map((g: { name: string }) => g.name)).toEqual([...a.body.groups.map((g: { name: string }) => g.name)].sort((x: string, y: string) => x.localeCompare(y)));
    const i = await env.http.get('/api/directory/groups').set(as(initech));
    expect(i.status).toBe(200);
    expect(i.body.groups).toContainEqual({ name: 'Sales', members: 1 });
    expect(i.body.groups.map((g: { name: string }) => g.name)).not.toContain('Marketing');
  });

  it('refuses a mistyped group on a campaign, suggesting the closest one, and stores nothing', async () => {
    const before = (await env.http.get('/api/campaigns').set(as(acme))).body.campaigns.length;
    const res = await env.http
      .post('/api/campaigns')
      .set(as(acme))
      .send({ kind: 'banner', name: 'Spring webinar', startAt: '2026-04-01T09:00:00Z', targetGroups: ['Sales', 'Marketng'], banner });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ field: 'body.targetGroups.1', label: 'Target groups (entry 2)', message: '"Marketng" is not a group in your directory. Did you mean "Marketing"?' }]);
    expect(res.body.error.message).toContain('Did you mean "Marketing"?');
    expect((await env.http.get('/api/campaigns').set(as(acme))).body.campaigns.length).toBe(before);

    const ok = await env.http
      .post('/api/campaigns')
      .set(as(acme))
      .send({ kind: 'banner', name: 'Spring webinar', startAt: '2026-04-01T09:00:00Z', targetGroups: ['Sales', 'Marketing'], banner });
    expect(ok.status).toBe(201);
    const patch = await env.http.patch(`/api/campaigns/${ok.body.id}`).set(as(acme)).send({ targetGroups: ['marketing '] });
    expect(patch.status).toBe(400);
    expect(patch.body.error.message).toContain('Did you mean "Marketing"?');
  });

  it('answers a mistyped group together with the form\'s other problems, in one answer', async () => {
    const res = await env.http
      .post('/api/campaigns')
      .set(as(acme))
      .send({ kind: 'banner', name: '', startAt: '2026-04-01T09:00:00Z', targetGroups: ['Marketng'], banner: { ...banner, imageUrl: 'nope' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { label: string }) => f.label)).toEqual(['Campaign name', 'Banner image', 'Target groups (entry 1)']);
    expect(res.body.error.message).toBe('Campaign name cannot be empty. Banner image must be a web address starting with https://. Target groups (entry 1): "Marketng" is not a group in your directory. Did you mean "Marketing"?');
  });

  it('refuses a mistyped group on a template assignment, and a group of another tenant', async () => {
    const typo = await env.http.put('/api/template-assignments').set(as(acme)).send({ templateId: 'acme-standard', target: { kind: 'group', group: 'Marketng' } });
    expect(typo.status).toBe(400);
    expect(typo.body.error.fields).toEqual([{ field: 'body.target.group', label: 'Group', message: '"Marketng" is not a group in your directory. Did you mean "Marketing"?' }]);
    const foreign = await env.http.put('/api/template-assignments').set(as(initech)).send({ templateId: 'acme-standard', target: { kind: 'group', group: 'Leadership' } });
    expect(foreign.status).toBe(400);
    const ok = await env.http.put('/api/template-assignments').set(as(acme)).send({ templateId: 'acme-standard', target: { kind: 'group', group: 'Marketing' }, priority: 60 });
    expect(ok.status).toBe(200);
  });
});
