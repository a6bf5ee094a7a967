/**
 * Google's side for the cost bench, in a process of its own so its CPU is not counted as Herald's:
 * the Directory fake (users of one domain, 20 groups) and the Gmail fake, sharing one token endpoint
 * as Google's do. Messages: {users, domain} → {env}; {churn: {changed, joined, left}} changes that
 * many users' titles, adds and removes users → {churned}; {seedSignatures: [email, html][]} sets what
 * Gmail holds → {seeded}; {stop} ends the process.
 */
import { fakeGoogleUsers, startFakeGoogle } from '../fakes/google-directory-fake.js';
import { FakeGmail } from '../fakes/fake-gmail.js';

const send = (m: unknown) => process.send!(m);
/**
 * Every number in a person's fields zero-padded to this width (up to 9,999,999 people, joiners
 * included), so a person's stored bytes and search keys are the same in every tenant size played.
 */
const DIGITS = 7;
let directory: Awaited<ReturnType<typeof startFakeGoogle>> | undefined;
let gmail: FakeGmail | undefined;
let nextUser = 0;
let round = 0;
let domain = 'acme.example';
process.on('disconnect', () => process.exit(0));

process.on('message', async (m: { users?: number; domain?: string; churn?: { changed: number; joined: number; left: number }; seedSignatures?: [string, string][]; stop?: true }) => {
  if (m.users !== undefined) {
    domain = m.domain ?? domain;
    directory = await startFakeGoogle({ users: fakeGoogleUsers(m.users, domain, 0, DIGITS) });
    nextUser = m.users;
    directory.state.groups = Array.from({ length: 20 }, (_, g) => ({ id: `grp-${g}`, name: `Group ${g}`, members: directory!.state.users.filter((_, i) => i % 20 === g).map((u) => u.id) }));
    gmail = await new FakeGmail({ tokenEndpoint: directory.state.tokenEndpoint }).start();
    send({ env: { ...directory.env(), GMAIL_API_ROOT_URL: gmail.env().GMAIL_API_ROOT_URL! } });
  } else if (m.churn && directory) {
    round++;
    const users = directory.state.users;
    // Leavers from the front, joiners at the end, title changes spread over the rest.
    users.splice(0, m.churn.left);
    users.push(...fakeGoogleUsers(m.churn.joined, domain, nextUser, DIGITS));
    nextUser += m.churn.joined;
    const step = Math.max(1, Math.floor(users.length / Math.max(1, m.churn.changed)));
    for (let i = 0; i < m.churn.changed; i++) users[(i * step + round) % users.length]!.organizations = [{ title: `Role ${round}.${String(i).padStart(DIGITS, '0')}`, primary: true }];
    send({ churned: true, gmailCalls: gmail!.calls.length });
  } else if (m.seedSignatures && gmail) {
    // What Gmail holds after a first deployment the bench seeds instead of playing (seed-first-deployment.ts).
    for (const [email, html] of m.seedSignatures) gmail.signatures.set(email, html);
    send({ seeded: m.seedSignatures.length });
  } else if (m.stop) {
    await directory?.close();
    await gmail?.stop();
    process.exit(0);
  }
});
