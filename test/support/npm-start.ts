import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../functions/src/local/free-port.js';

export interface StartedApp {
  url: string;
  authPort: number;
  output(): string;
  /** Presses Ctrl-C (SIGINT to the whole process group, as a terminal does); resolves once every process of the group is gone. */
  stop(): Promise<void>;
}

/** Runs the README's `npm start` on free ports and waits for its "running at" line. */
export async function npmStart(env: NodeJS.ProcessEnv = {}): Promise<StartedApp> {
  const port = await freePort();
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    // Auth on port 0: the emulator picks (and retries) its own free port; we read it from the output.
    env: { ...process.env, PORT: String(port), HERALD_AUTH_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 150_000;
  while (!/Herald is running at/.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`npm start did not come up:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const authPort = Number(/Auth emulator at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
  if (!authPort) throw new Error(`npm start printed no Auth emulator address:\n${output.slice(-2000)}`);
  return {
    url: `http://localhost:${port}`,
    authPort,
    output: () => output,
    stop: async () => {
      const alive = () => {
        try {
          process.kill(-child.pid!, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (!alive()) return;
      process.kill(-child.pid!, 'SIGINT');
      const deadline = Date.now() + 30_000;
      while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (alive()) {
        process.kill(-child.pid!, 'SIGKILL');
        throw new Error(`npm start did not stop within 30 s:\n${output.slice(-2000)}`);
      }
      await exited;
    },
  };
}
