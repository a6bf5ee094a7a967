/**
 * The Google Directory fake in a process of its own, for the sync benchmark: in production the
 * directory lives at Google, so its copy of 100k users must not count in the sync's memory.
 * Messages: {users} → starts and answers {env}; {change: n} changes n users' titles → {changed};
 * {cpu} → {cpu: process.cpuUsage()} (the fake's own cost, so the bench can tell it from the sync's).
 */
import { fakeGoogleUsers, startFakeGoogle } from '../fakes/google-directory-fake.js';

const send = (m: unknown) => process.send!(m);
let fake: Awaited<ReturnType<typeof startFakeGoogle>> | undefined;
// Never outlive the benchmark, even when it crashes.
process.on('disconnect', () => process.exit(0));

process.on('message', async (m: { users?: number; change?: number; cpu?: true; stop?: true }) => {
  if (m.users !== undefined) {
    fake = await startFakeGoogle({ users: fakeGoogleUsers(m.users, 'bench.example') });
    fake.state.groups = Array.from({ length: 20 }, (_, g) => ({
      id: `grp-${g}`,
      name: `Group ${g}`,
      members: fake!.state.users.filter((_, i) => i % 20 === g).map((u) => u.id),
    }));
    send({ env: fake.env() });
  } else if (m.change !== undefined && fake) {
    const step = Math.floor(fake.state.users.length / m.change);
    for (let i = 0; i < m.change; i++) fake.state.users[i * step]!.organizations = [{ title: `Changed ${i}`, primary: true }];
    send({ changed: m.change });
  } else if (m.cpu) {
    send({ cpu: process.cpuUsage() });
  } else if (m.stop) {
    await fake?.close();
    process.exit(0);
  }
});
