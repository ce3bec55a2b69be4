// Where a handler process's time goes (diagnostics for issue 4; not a pass/fail benchmark).
//
//   npx ts-node --transpile-only bench/handler-profile.ts [--quick] [--runs N]
//
// Part 1, what-ifs: wall and CPU time of the parts a `handle apply` process is made of, and of
// the same process with one V8 flag changed, each as a multiple of `node -e 0` measured in the
// same run (interleaved, medians). CPU time matters as much as wall time: Terraform runs 10
// handlers at once, and this machine has 2 cores.
// Part 2, attribution: `node --cpu-prof` of real handler runs, self time summed per bundle module
// (esbuild keeps a `// node_modules/<pkg>/...` or `// lib/...` comment before each module).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROTOCOL_ENV, type ClientSpec } from '../lib/model';
import { startDevServerProcess, type DevServerProcess } from '../test/support/devserver';
import { clientSpec, runHandler, tempProject } from '../test/support/handler';
import { checkBuilt, fmt, HANDLER_BUNDLE, machineLine, median, parseFlags, ratio, removeTree, shuffled, table, timeCommand } from './support';

interface Variant {
  readonly name: string;
  readonly args: (fresh: () => ClientSpec) => { args: string[]; env: NodeJS.ProcessEnv };
  readonly expect?: RegExp;
}

interface Usage {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMb: number;
}


export async function main(): Promise<void> {
  const flags = parseFlags();
  if (flags.handlerCommand) throw new Error('--handler-command is an option of bench/deploy.ts only');
  const runs = flags.runs ?? (flags.quick ? 7 : 15);
  const profiles = flags.quick ? 3 : 5;
  checkBuilt();
  if (!fs.existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed for CPU time and max RSS');
  console.log(`# handler process anatomy (${runs} interleaved runs per row; CPU = user + system, from /usr/bin/time)`);
  console.log(`# ${machineLine()}`);

  let server: DevServerProcess | undefined;
  const project = tempProject('oac-bench-profile-');
  try {
    server = await startDevServerProcess();
    const issuer = server.issuer;
    const cwd = path.join(project, 'cdktf.out', 'stacks', 'test');
    fs.mkdirSync(cwd, { recursive: true });
    const baseEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, [PROTOCOL_ENV.projectRoot]: '../../..', TEST_IAT: server.initialAccessToken };
    const protocol = (spec: ClientSpec): NodeJS.ProcessEnv => ({ [PROTOCOL_ENV.spec]: JSON.stringify(spec), [PROTOCOL_ENV.instance]: 'instance-1' });
    const steady = clientSpec(issuer, { id: 'steady' });
    const setup = await runHandler('apply', steady, { projectRoot: project, env: { TEST_IAT: server.initialAccessToken } });
    if (setup.status !== 0) throw new Error(`setting up the steady client failed:\n${setup.stderr}`);
    let n = 0;
    const specs: ClientSpec[] = [];
    const fresh = () => {
      while (specs.length <= n) specs.push(clientSpec(issuer, { id: `first-${specs.length}` }));
      return specs[n++];
    };

    const handler = (v8Flags: string[], first: boolean) => (next: () => ClientSpec) => ({
      args: [...v8Flags, HANDLER_BUNDLE, 'handle', 'apply'],
      env: protocol(first ? next() : steady),
    });
    const variants: Variant[] = [
      { name: 'node -e 0', args: () => ({ args: ['-e', '0'], env: {} }) },
      { name: 'bundle --help (parse only)', args: () => ({ args: [HANDLER_BUNDLE, '--help'], env: {} }) },
      { name: 'handle --help (load handle\'s modules)', args: () => ({ args: [HANDLER_BUNDLE, 'handle', '--help'], env: {} }) },
      { name: 'require node:http + one GET to the provider', args: () => ({ args: ['-e', `require('node:http').get(${JSON.stringify(`${issuer}/.well-known/openid-configuration`)}, (r) => r.resume())`], env: {} }) },
      { name: 'handle apply (no change)', args: handler([], false), expect: /: unchanged client_id=/ },
      { name: 'handle apply (first)', args: handler([], true), expect: /: created client_id=/ },
      { name: 'handle apply (first), --liftoff-only', args: handler(['--liftoff-only'], true), expect: /: created client_id=/ },
    ];

    const usageFile = path.join(project, 'usage.txt');
    const measure = async (variant: Variant): Promise<Usage> => {
      const { args, env } = variant.args(fresh);
      const run = await timeCommand('/usr/bin/time', ['-f', '%U %S %M', '-o', usageFile, process.execPath, ...args], { cwd, env: { ...baseEnv, ...env } });
      if (run.status !== 0 || (variant.expect && !variant.expect.test(run.stderr))) throw new Error(`${variant.name} failed (status ${run.status}):\n${run.stderr}`);
      const [user, system, rss] = fs.readFileSync(usageFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      return { wallMs: run.ms, cpuMs: (user + system) * 1000, rssMb: rss / 1024 };
    };
    const results = new Map<string, Usage[]>(variants.map((v) => [v.name, []]));
    for (let round = 0; round <= runs; round++) {
      for (const variant of shuffled(variants)) {
        const usage = await measure(variant);
        if (round > 0) results.get(variant.name)!.push(usage);
      }
    }
    const med = (name: string, pick: (u: Usage) => number) => median(results.get(name)!.map(pick));
    const baseWall = med('node -e 0', (u) => u.wallMs);
    const baseCpu = med('node -e 0', (u) => u.cpuMs);
    console.log('');
    console.log('Part 1: parts and what-ifs');
    console.log(
      table(
        ['process', 'wall ms', '× wall', 'CPU ms', '× CPU', 'max RSS MB'],
        variants.map((v) => {
          const wall = med(v.name, (u) => u.wallMs);
          const cpu = med(v.name, (u) => u.cpuMs);
          return [v.name, fmt(wall, 0), ratio(wall, baseWall), fmt(cpu, 0), ratio(cpu, baseCpu), fmt(med(v.name, (u) => u.rssMb), 1)];
        }),
      ),
    );
    console.log('CPU is /usr/bin/time\'s user+system (10 ms resolution); it includes V8\'s background threads (wasm tier-up, GC, compile).');

    // Part 2: CPU profiles of real runs, self time per bundle module.
    const markers = bundleMarkers();
    const profileDir = path.join(project, 'profiles');
    for (const [label, first] of [['handle apply (no change)', false], ['handle apply (first)', true]] as const) {
      const perRun: Map<string, number>[] = [];
      for (let i = 0; i < profiles; i++) {
        fs.rmSync(profileDir, { recursive: true, force: true });
        const { args, env } = handler(['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=250'], first)(fresh);
        const run = await timeCommand(process.execPath, args, { cwd, env: { ...baseEnv, ...env } });
        if (run.status !== 0) throw new Error(`${label} (profiled) failed:\n${run.stderr}`);
        const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))!;
        perRun.push(attribute(JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile, markers));
      }
      const categories = [...new Set(perRun.flatMap((m) => [...m.keys()]))];
      const rows = categories
        .map((c) => ({ c, ms: median(perRun.map((m) => m.get(c) ?? 0)) }))
        .sort((a, b) => b.ms - a.ms);
      const total = median(perRun.map((m) => [...m.values()].reduce((a, b) => a + b, 0)));
      console.log('');
      console.log(`Part 2: ${label}, main-thread time by where it is spent (median of ${profiles} --cpu-prof runs, profile span ${fmt(total, 0)} ms)`);
      console.log(table(['where', 'ms', 'share'], rows.filter((r) => r.ms >= 0.5).map((r) => [r.c, fmt(r.ms, 1), `${fmt((100 * r.ms) / total, 0)}%`])));
    }
    console.log('');
    console.log('"idle" = the main thread waits: for the provider, the disk (fsync), or, at exit, for V8 background tasks (Node drains them before exiting).');
    console.log(`# ${os.cpus().length} CPUs; profiles sample every 250 µs and slow the process somewhat, so read shares, not absolute times.`);
  } finally {
    await server?.stop();
    removeTree(project);
  }
}

interface CpuProfile {
  readonly nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Line numbers (0-based) of the bundle's module comments, with the module's group name. */
function bundleMarkers(): { line: number; group: string }[] {
  const lines = fs.readFileSync(HANDLER_BUNDLE, 'utf8').split('\n');
  const out: { line: number; group: string }[] = [];
  lines.forEach((text, line) => {
    const m = /^\/\/ ((?:lib|node_modules)\/\S+)$/.exec(text);
    if (!m) return;
    const parts = m[1].split('/');
    const group = parts[0] === 'node_modules' ? `${parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]} (node_modules)` : `${parts[0]}/${parts[1].replace(/\.ts$/, '')}`;
    out.push({ line, group });
  });
  return out;
}

/**
 * Self time per category. A sample is charged to the innermost bundle frame on its stack (so a
 * node:fs call made by the store counts for lib/secrets); samples with no bundle frame are Node's
 * own start-up, compiling the bundle source, GC or idle.
 */
function attribute(profile: CpuProfile, markers: { line: number; group: string }[]): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const bundleUrl = `file://${HANDLER_BUNDLE}`;
  const groupOf = (line: number) => {
    let lo = 0;
    let hi = markers.length - 1;
    let found = 'esbuild module wrappers (lazy compile of module bodies)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (markers[mid].line <= line) {
        found = markers[mid].group;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const cache = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const hit = cache.get(id);
    if (hit) return hit;
    const self = byId.get(id)!.callFrame;
    let category: string | undefined;
    if (self.functionName === '(idle)') category = 'idle (waiting)';
    else if (self.functionName === '(garbage collector)') category = 'garbage collector';
    else if (self.functionName === '(program)') category = 'V8 native (program)';
    for (let at: number | undefined = id; category === undefined && at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.url === bundleUrl) {
        category = frame.lineNumber <= 0 && frame.functionName === '' ? 'bundle top level' : groupOf(frame.lineNumber);
      } else if (frame.functionName === 'wrapSafe') category = 'compile the bundle source (wrapSafe)';
      else if (frame.functionName === 'readFileSync' || frame.functionName === 'readFileUtf8') category = 'read the bundle file';
    }
    category ??= 'node start-up and loader';
    cache.set(id, category);
    return category;
  };
  const out = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const category = categoryOf(profile.samples[i]);
    // timeDeltas[i + 1] is the time from sample i to the next one: spent in sample i's state.
    out.set(category, (out.get(category) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return out;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : String(error));
    process.exitCode = 1;
  });
}
