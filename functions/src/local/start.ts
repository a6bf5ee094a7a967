/** `npm start`: the whole of Herald on one machine, with the fictitious demo tenants. */
import { startLocalHost } from './start-local.js';

// If whoever reads our output goes away, keep stopping cleanly instead of dying on EPIPE.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const host = await startLocalHost();
process.stdout.write(`
  Herald is running at ${host.url}
  (API under ${host.url}/api, Auth emulator at ${host.auth.url})

  Sign in with one of the demo accounts (password: herald-demo):
    owner@acme.example      Acme owner
    admin@acme.example      Acme admin
    jane.doe@acme.example   Acme employee
    admin@initech.example   Initech admin

  Demo: ${host.standIns.simulated.join(' and ')} are simulated locally (Acme and Initech's fictitious staff).
  Switch what Acme's super admin delegated, to see each failure explained: ${host.standIns.controlsUrl}/
  (the same page plays an Initech employee writing an email with the Outlook add-in)

  Every start begins from emulator-data/; HERALD_PERSIST=1 keeps changes in .herald-state/.
  Press Ctrl-C to stop.
`);

let stopping = false;
const stop = (why: string) => {
  if (stopping) return;
  stopping = true;
  clearInterval(orphanWatch);
  process.stdout.write(`\n${why}: stopping Herald…\n`);
  host
    .stop()
    .then(() => {
      process.stdout.write('Herald stopped.\n');
      process.exit(0);
    })
    .catch((err: unknown) => {
      process.stderr.write(`stop failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
};
// A request the browser sent just as the stop began may still be running when the database closes;
// its failure is the stop's, not the demo's: said in one line instead of a crash before "Herald stopped."
const cutByStop = (err: unknown) => {
  if (!stopping) {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  }
  process.stderr.write(`a request under way when Herald stopped was cut: ${err instanceof Error ? err.message : String(err)}\n`);
};
process.on('unhandledRejection', cutByStop);
process.on('uncaughtException', cutByStop);
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGHUP'));

// npm does not wait for its child when it is itself terminated: stop when we are orphaned.
const parent = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid !== parent) stop('parent process gone');
}, 1000);
orphanWatch.unref();
