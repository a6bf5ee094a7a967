/** `npm run emulators`: Herald as deployed (the real index.ts in the Firebase emulators), seeded with the demo tenants. */
import { createInterface } from 'node:readline';
import { startEmulatorStack } from './emulator-stack.js';
import { schedules, type ScheduleName } from '../tasks/schedules.js';

const stack = await startEmulatorStack({ quiet: false, scheduler: true });
process.stdout.write(`
  Herald (as deployed) is running at ${stack.hostingUrl}
  Hosting rewrites /api, /hooks, /c, /v to the real functions; Auth emulator ${stack.authHost};
  Firestore emulator ${stack.firestoreHost}; Pub/Sub emulator ${stack.pubsubHost}.
  Scheduled functions (retention, directory sync, signatures, access review) run on their cron
  (UTC), called as Cloud Scheduler calls them. To run one now, type its name and Enter:
  ${Object.keys(schedules).join(', ')}
  Demo accounts as with npm start (password herald-demo).
  Press Ctrl-C to stop.
`);
createInterface({ input: process.stdin }).on('line', (line) => {
  const name = line.trim();
  if (!name) return;
  if (!Object.hasOwn(schedules, name)) {
    process.stdout.write(`  no schedule named "${name}"; the schedules: ${Object.keys(schedules).join(', ')}\n`);
    return;
  }
  stack.runSchedule(name as ScheduleName).then(
    () => process.stdout.write(`  ${name} ran\n`),
    (err: unknown) => process.stdout.write(`  ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`),
  );
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
