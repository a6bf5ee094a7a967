/** `npm run emulators`: Herald as deployed (the real index.ts in the Firebase emulators), seeded with the demo tenants. */
import { startEmulatorStack } from './emulator-stack.js';

const stack = await startEmulatorStack({ quiet: false });
process.stdout.write(`
  Herald (as deployed) is running at ${stack.hostingUrl}
  Hosting rewrites /api, /hooks, /c, /v to the real functions; Auth emulator ${stack.authHost};
  Firestore emulator ${stack.firestoreHost}. Demo accounts as with npm start (password herald-demo).
  Press Ctrl-C to stop.
`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
