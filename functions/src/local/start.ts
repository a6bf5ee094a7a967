/** `npm start`: the whole of Herald on one machine, with the fictitious demo tenants. */
import { startLocalHost } from './start-local.js';

const host = await startLocalHost();
process.stdout.write(`
  Herald is running at ${host.url}
  (API under ${host.url}/api, Auth emulator at ${host.auth.url})

  Sign in with one of the demo accounts (password: herald-demo):
    admin@acme.example      Acme admin
    jane.doe@acme.example   Acme employee
    admin@initech.example   Initech admin

  Every start begins from emulator-data/; HERALD_PERSIST=1 keeps changes in .herald-state/.
  Press Ctrl-C to stop.
`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping Herald…\n`);
  host
    .stop()
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      process.stderr.write(`stop failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
