// Issue 4: the cost of one `oauth-clients handle apply` process, the thing Terraform starts once per
// changed client, as a multiple of `node -e 0` measured in the same run (goal: at most 2×).
//
//   npx ts-node --transpile-only bench/handler-startup.ts [--quick] [--runs N]
//
// Runs the real handler bundle (dist/oauth-clients-handler.cjs) against the real development server
// (dist/lib/devserver/main.js), spawned the way test/support/handler.ts spawns it: cwd
// `<project>/cdktf.out/stacks/test`, the protocol in environment variables, nothing else inherited
// but PATH and HOME. Subjects are interleaved in a random order in every round.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROTOCOL_ENV, type ClientSpec } from '../lib/model';
import { startDevServerProcess, type DevServerProcess } from '../test/support/devserver';
import { clientSpec, runHandler, tempProject } from '../test/support/handler';
import { checkBuilt, fmt, HANDLER_BUNDLE, machineLine, median, parseFlags, percentile, ratio, removeTree, shuffled, table, timeCommand, type Timed } from './support';

const GOAL = 2;

interface Subject {
  readonly name: string;
  readonly note: string;
  /** argv after `node`, and the protocol environment, for run number i. */
  readonly argv: (i: number) => { args: string[]; env: NodeJS.ProcessEnv };
  /** Checks the run did what it is meant to (a fast failure is not a fast handler). */
  readonly check?: (run: Timed) => void;
}

interface Sample {
  readonly ms: number;
  /** The handler's own "(N ms)": from the start of `handle.run` to its last line. */
  readonly inner?: number;
  readonly cpuMs?: number;
  readonly rssMb?: number;
}

export async function main(): Promise<void> {
  const flags = parseFlags();
  if (flags.handlerCommand) throw new Error('--handler-command is an option of bench/deploy.ts only');
  const runs = flags.runs ?? (flags.quick ? 10 : 21);
  const warmups = flags.quick ? 1 : 2;
  checkBuilt();
  console.log(`# handle apply start-up vs node -e 0 (${runs} measured runs per subject, ${warmups} warm-up, interleaved)`);
  console.log(`# ${machineLine()}`);

  let server: DevServerProcess | undefined;
  const project = tempProject('oac-bench-handler-');
  try {
    server = await startDevServerProcess();
    const issuer = server.issuer;
    const cwd = path.join(project, 'cdktf.out', 'stacks', 'test');
    fs.mkdirSync(cwd, { recursive: true });
    const baseEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, [PROTOCOL_ENV.projectRoot]: '../../..', TEST_IAT: server.initialAccessToken };
    const protocol = (spec: ClientSpec): NodeJS.ProcessEnv => ({ [PROTOCOL_ENV.spec]: JSON.stringify(spec), [PROTOCOL_ENV.instance]: 'instance-1' });

    // The no-change subject re-applies one client the ledger already holds.
    const steady = clientSpec(issuer, { id: 'steady', clientName: 'Bench steady client' });
    const first = await runHandler('apply', steady, { projectRoot: project, env: { TEST_IAT: server.initialAccessToken } });
    if (first.status !== 0 || !/: created client_id=/.test(first.stderr)) throw new Error(`setting up the steady client failed:\n${first.stderr}`);

    // Specs for first applies are made up front (the constructs are not what is measured).
    const total = warmups + runs + 3;
    const fresh = Array.from({ length: total }, (_, i) => clientSpec(issuer, { id: `first-${i}`, clientName: `Bench client ${i}` }));
    let nextFresh = 0;

    const expect = (pattern: RegExp) => (run: Timed) => {
      if (run.status !== 0 || !pattern.test(run.stderr)) throw new Error(`unexpected handler result (status ${run.status}):\n${run.stderr}`);
    };
    const subjects: Subject[] = [
      { name: 'node -e 0', note: 'baseline: Node start-up and exit', argv: () => ({ args: ['-e', '0'], env: {} }) },
      { name: 'bundle --help', note: 'parse the bundle, load no verb', argv: () => ({ args: [HANDLER_BUNDLE, '--help'], env: {} }) },
      { name: 'handle --help', note: 'load every module `handle` imports, no I/O', argv: () => ({ args: [HANDLER_BUNDLE, 'handle', '--help'], env: {} }) },
      {
        name: 'handle apply (no change)',
        note: 'ledger read + provider GET, nothing written',
        argv: () => ({ args: [HANDLER_BUNDLE, 'handle', 'apply'], env: protocol(steady) }),
        check: expect(/: unchanged client_id=/),
      },
      {
        name: 'handle apply (first)',
        note: 'register + journal + export + ledger (new key each run)',
        argv: () => ({ args: [HANDLER_BUNDLE, 'handle', 'apply'], env: protocol(fresh[nextFresh++]) }),
        check: expect(/: created client_id=/),
      },
    ];

    // Every subject, the baseline included, runs under /usr/bin/time (when present) for its CPU
    // time and peak memory; wall time is measured here around the whole spawn.
    const usageFile = path.join(project, 'usage.txt');
    const withUsage = fs.existsSync('/usr/bin/time');
    const samples = new Map<string, Sample[]>(subjects.map((s) => [s.name, []]));
    for (let round = 0; round < warmups + runs; round++) {
      for (const subject of shuffled(subjects)) {
        const { args, env } = subject.argv(round);
        const command = withUsage ? '/usr/bin/time' : process.execPath;
        const argv = withUsage ? ['-f', '%U %S %M', '-o', usageFile, process.execPath, ...args] : args;
        const run = await timeCommand(command, argv, { cwd, env: { ...baseEnv, ...env } });
        if (run.status !== 0) throw new Error(`${subject.name} failed (status ${run.status}):\n${run.stderr}`);
        subject.check?.(run);
        if (round < warmups) continue;
        const inner = /\((\d+) ms\)\s*$/m.exec(run.stderr);
        const usage = withUsage ? fs.readFileSync(usageFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : undefined;
        samples.get(subject.name)!.push({
          ms: run.ms,
          ...(inner ? { inner: Number(inner[1]) } : {}),
          ...(usage ? { cpuMs: (usage[0] + usage[1]) * 1000, rssMb: usage[2] / 1024 } : {}),
        });
      }
    }

    const pick = (name: string, f: (s: Sample) => number | undefined) => samples.get(name)!.flatMap((s) => (f(s) === undefined ? [] : [f(s)!]));
    const base = median(pick('node -e 0', (s) => s.ms));
    const baseCpu = median(pick('node -e 0', (s) => s.cpuMs));
    const rows = subjects.map((s) => {
      const ms = pick(s.name, (x) => x.ms);
      const inner = pick(s.name, (x) => x.inner);
      const cpu = pick(s.name, (x) => x.cpuMs);
      const rss = pick(s.name, (x) => x.rssMb);
      const m = median(ms);
      return [
        s.name,
        fmt(m),
        fmt(percentile(ms, 10)),
        fmt(percentile(ms, 90)),
        ratio(m, base),
        cpu.length ? fmt(median(cpu), 0) : '-',
        cpu.length ? ratio(median(cpu), baseCpu) : '-',
        rss.length ? fmt(median(rss)) : '-',
        inner.length ? fmt(median(inner), 0) : '-',
        s.note,
      ];
    });
    console.log('');
    console.log(table(['subject', 'wall ms', 'p10', 'p90', '× node -e 0', 'CPU ms', '× CPU', 'max RSS MB', 'own ms', 'what it does'], rows));
    console.log('');
    console.log('wall = spawn to exit, median; CPU = user+system of the process and its V8 threads (/usr/bin/time, 10 ms resolution);');
    console.log('own ms = the handler\'s own "(N ms)" (handle.run start to its last line): the rest of the wall time is Node start-up,');
    console.log('loading the bundle, and exit (the HTTP client is node:http: undici made every exit wait for V8 to tier up its llhttp wasm).');

    const firstRatio = median(pick('handle apply (first)', (s) => s.ms)) / base;
    const steadyRatio = median(pick('handle apply (no change)', (s) => s.ms)) / base;
    const cpuRatio = (name: string) => (withUsage ? ` (CPU ${fmt(median(pick(name, (s) => s.cpuMs)) / baseCpu, 2)}×)` : '');
    const verdict = (r: number) => (r <= GOAL ? 'meets' : 'MISSES');
    console.log('');
    console.log(`node -e 0 baseline: ${fmt(base)} ms wall`);
    console.log(`handle apply (first):     ${fmt(firstRatio, 2)}× node -e 0${cpuRatio('handle apply (first)')}: ${verdict(firstRatio)} the ${GOAL}× goal`);
    console.log(`handle apply (no change): ${fmt(steadyRatio, 2)}× node -e 0${cpuRatio('handle apply (no change)')}: ${verdict(steadyRatio)} the ${GOAL}× goal`);
    console.log(`HANDLER_RATIOS first=${fmt(firstRatio, 2)} nochange=${fmt(steadyRatio, 2)}`);
  } finally {
    await server?.stop();
    removeTree(project);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : String(error));
    process.exitCode = 1;
  });
}
