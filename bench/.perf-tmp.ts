import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDevServerProcess } from '/work/main/test/support/devserver';
import { clientSpec, tempProject, HANDLER_BUNDLE } from '/work/main/test/support/handler';
(async () => {
  const server = await startDevServerProcess();
  const root = tempProject();
  const spec = clientSpec(server.issuer, { id: 'perf' });
  const cwd = path.join(root, 'cdktf.out', 'stacks', 'test'); fs.mkdirSync(cwd, { recursive: true });
  const env = { PATH: process.env.PATH, OAUTH_CLIENTS_PROJECT_ROOT: '../../..', OAUTH_CLIENT_SPEC: JSON.stringify(spec), OAUTH_CLIENT_INSTANCE: 'i1', TEST_IAT: server.initialAccessToken };
  const run = (args: string[]) => { const t = process.hrtime.bigint(); const r = spawnSync(process.execPath, args, { cwd, env }); if (args.length > 2 && r.status !== 0) console.log(String(r.stderr)); return Number(process.hrtime.bigint() - t) / 1e6; };
  run([HANDLER_BUNDLE, 'handle', 'apply']);
  const variants: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'plain': [HANDLER_BUNDLE, 'handle', 'apply'],
    'exit()': ['/work/main/dist/exit-variant.cjs', 'handle', 'apply'],
    'exit() + liftoff': ['--liftoff-only', '/work/main/dist/exit-variant.cjs', 'handle', 'apply'],
    '--liftoff-only': ['--liftoff-only', HANDLER_BUNDLE, 'handle', 'apply'],
  };
  const times: Record<string, number[]> = {};
  for (let i = 0; i < 11; i++) for (const [k, v] of Object.entries(variants)) (times[k] ??= []).push(run(v));
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
  const base = med(times['node -e 0']);
  for (const [k, v] of Object.entries(times)) console.log(k.padEnd(20), med(v).toFixed(0), 'ms', (med(v) / base).toFixed(2) + 'x');
  await server.stop();
})();
