import autocannon from 'autocannon';
import { fork } from 'node:child_process';
const child = fork(new URL('./redirect.bench.ts', import.meta.url).pathname, ['server'], { execArgv: ['--import', 'tsx', '--cpu-prof', '--cpu-prof-dir=/tmp/prof/out'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const ready: any = await new Promise((r) => child.once('message', r));
const port = process.env.WHICH === 'links' ? ready.linksPort : ready.remotePort;
const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 1000, duration: 10, headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36' }, requests: ready.paths.map((p: string) => ({ method: 'GET', path: p })) });
console.log('req/s', r.requests.average);
child.send({ type: 'exit' });
