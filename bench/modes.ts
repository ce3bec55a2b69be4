// Issue 9 item 6: the two ways a stack deploys its clients, side by side, against the floors of
// the same run, at 50 and 200 clients.
//
//   npx ts-node --transpile-only bench/modes.ts [--quick] [--runs N]
//
// For each size N the same app is synthesized twice (the cdktf context `oauth-clients:resourceType`):
//   provider     oauthclients_client resources, applied by our Terraform provider (one process
//                per Terraform phase, the API calls inside it)
//   provisioner  terraform_data resources whose provisioners run `handle apply` (one Node process
//                per client) plus the stack's reconciler
// and the provisioner JSON is copied twice more with every provisioner command replaced by
// `node -e 0` and by `true` (the floors of bench/deploy.ts). Every apply creates every resource
// (state and store removed first); one warm-up round, then N interleaved rounds in random order.
// One more apply of each real stack runs with the process recorder, untimed, to say where the
// provider mode's time goes (provider starts, their CPU; terraform's CPU; the dev server's CPU).
//
// Returns `provider50_node` (provider mode, 50 clients ÷ the `node -e 0` stack; goal ≤ 1.0) and
// `provider200_true` (provider mode, 200 clients ÷ the `true` stack; goal ≤ 1.5), which
// bench/run.ts appends to the RATIOS line. Without the provider mode (an app whose
// OAuthClient cannot synthesize oauthclients_client) it says so and measures the provisioner mode only.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDevServerProcess, type DevServerProcess } from '../test/support/devserver';
import { floorStack, mainTs, type ProcessRecord, type StackDir, type TerraformJson } from './deploy';
import { cdktfProject, checkBuilt, fmt, machineLine, median, mustRun, offlineEnv, parseFlags, ratio, REPO_ROOT, removeTree, shuffled, table, tail, timeCommand, type Timed } from './support';

const SIZES = [50, 200] as const;
const STACK = 'bench';
const GOALS = { provider50_node: 1.0, provider200_true: 1.5 } as const;
const RECORDER = path.join(__dirname, 'process-recorder.js');

export interface ModeRatios {
  readonly provider50_node?: number;
  readonly provider200_true?: number;
}

interface Subject extends StackDir {
  readonly kind: 'provider' | 'provisioner' | 'node -e 0' | 'true';
  readonly size: number;
  readonly resources: number;
  /** Real subjects create clients: their store is reset with the state. */
  readonly real: boolean;
}

export async function main(): Promise<ModeRatios> {
  const flags = parseFlags();
  const runs = flags.runs ?? (flags.quick ? 3 : 5);
  checkBuilt();
  console.log(`# modes benchmark: provider vs provisioner mode at ${SIZES.join(' and ')} clients, ${runs} measured applies per stack after 1 warm-up, interleaved`);
  console.log(`# ${machineLine()}`);

  let server: DevServerProcess | undefined;
  let project: string | undefined;
  const started = Date.now();
  try {
    server = await startDevServerProcess();
    project = cdktfProject('oac-bench-modes-', mainTs(path.join(REPO_ROOT, 'lib'))).dir;
    const projectDir = project;
    const appCommand = (JSON.parse(fs.readFileSync(path.join(projectDir, 'cdktf.json'), 'utf8')) as { app: string }).app;
    const storeKey = randomBytes(32).toString('base64url');
    const tfEnv = offlineEnv({ OAUTH_CLIENTS_DEV_IAT: server.initialAccessToken, OAUTH_CLIENTS_STORE_KEY: storeKey, BENCH_DEV_PORT: String(server.port) });

    // --- set-up: synthesize each mode and size, derive the floors, init every stack once ---
    const subjects: Subject[] = [];
    let providerMode = true;
    for (const size of SIZES) {
      const provisioner = await synthesize(projectDir, appCommand, server.port, size, 'terraform_data', `out-provisioner-${size}`);
      subjects.push({ ...ownState(provisioner.dir, provisioner.json), kind: 'provisioner', size, resources: provisioner.resources, real: true, name: `provisioner ${size}` });
      for (const command of ['node -e 0', 'true'] as const) {
        subjects.push({ ...floorStack(projectDir, provisioner.json, command, `floor-${size}-${command === 'true' ? 'true' : 'node'}`), kind: command, size, resources: provisioner.resources, real: false, name: `floor ${command} ${size}` });
      }
      if (!providerMode) continue;
      const provider = await synthesize(projectDir, appCommand, server.port, size, 'oauthclients_client', `out-provider-${size}`).catch((error: Error) => error);
      if (provider instanceof Error || !provider.json.resource?.oauthclients_client) {
        providerMode = false;
        console.log(`# provider mode not available in this build (${provider instanceof Error ? tail(provider.message, 2).replace(/\n/g, ' / ') : 'no oauthclients_client resources synthesized'}): provisioner mode only`);
        continue;
      }
      subjects.push({ ...ownState(provider.dir, provider.json), kind: 'provider', size, resources: provider.resources, real: true, name: `provider ${size}` });
    }
    for (const s of subjects) await mustRun(`terraform init in ${s.dir}`, 'terraform', ['init', '-input=false', '-no-color'], { cwd: s.dir, env: tfEnv });

    const apply = async (subject: Subject, extraEnv: NodeJS.ProcessEnv = {}, usageFile?: string): Promise<Timed> => {
      fs.rmSync(subject.state, { force: true });
      if (subject.real) fs.rmSync(path.join(projectDir, '.oauth-clients'), { recursive: true, force: true });
      const tfArgs = ['apply', '-auto-approve', '-input=false', '-no-color'];
      const [command, args] = usageFile ? ['/usr/bin/time', ['-f', '%U %S', '-o', usageFile, 'terraform', ...tfArgs]] : ['terraform', tfArgs];
      const run = await timeCommand(command, args, { cwd: subject.dir, env: { ...tfEnv, ...extraEnv } });
      if (run.status !== 0) throw new Error(`terraform apply (${subject.name}) failed:\n${tail(run.stdout)}\n${tail(run.stderr)}`);
      if (!run.stdout.includes(`Resources: ${subject.resources} added, 0 changed, 0 destroyed`)) {
        throw new Error(`terraform apply (${subject.name}) did not create ${subject.resources} resources:\n${tail(run.stdout)}`);
      }
      return run;
    };

    // --- timed applies ---
    const times = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
    for (let round = 0; round <= runs; round++) {
      const line: string[] = [];
      for (const subject of shuffled(subjects)) {
        const run = await apply(subject);
        line.push(`${subject.name} ${fmt(run.ms / 1000, 1)}`);
        if (round > 0) times.get(subject.name)!.push(run.ms);
      }
      console.log(`#   ${round === 0 ? 'warm-up' : `round ${round}/${runs}`}: ${line.join(', ')} (s)`);
    }

    // --- where the time goes: one recorded apply of each real subject (not timed) ---
    const recordLog = path.join(projectDir, 'processes.jsonl');
    const usageFile = path.join(projectDir, 'terraform-usage.txt');
    const canWrap = fs.existsSync('/usr/bin/time');
    const budgets: (string | number)[][] = [];
    for (const subject of subjects.filter((s) => s.real)) {
      fs.rmSync(recordLog, { force: true });
      const serverBefore = processCpuMs(server.pid);
      const run = await apply(subject, { NODE_OPTIONS: `--require ${RECORDER}`, BENCH_PROCESS_LOG: recordLog }, canWrap ? usageFile : undefined);
      const serverMs = (processCpuMs(server.pid) ?? NaN) - (serverBefore ?? NaN);
      const records = fs.existsSync(recordLog) ? fs.readFileSync(recordLog, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ProcessRecord) : [];
      const treeMs = canWrap ? fs.readFileSync(usageFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number).reduce((a, b) => a + b, 0) * 1000 : NaN;
      const nodeMs = sum(records.map((r) => r.cpuMs));
      budgets.push([
        subject.name,
        fmt(run.ms / 1000, 2),
        records.length,
        records.length ? fmt(median(records.map((r) => r.wallMs)), 0) : '-',
        records.length ? fmt(median(records.map((r) => r.cpuMs)), 0) : '-',
        fmt(nodeMs / 1000, 1),
        fmt((treeMs - nodeMs) / 1000, 1),
        fmt(serverMs / 1000, 1),
        fmt((treeMs + serverMs) / os.cpus().length / 1000, 1),
      ]);
    }

    // --- report ---
    const med = (kind: Subject['kind'], size: number) => median(times.get(subjects.find((s) => s.kind === kind && s.size === size)?.name ?? '') ?? []);
    console.log('');
    console.log(`(e) terraform apply -auto-approve, every resource created per apply, median of ${runs}`);
    const rows: (string | number)[][] = [];
    for (const size of SIZES) {
      const node = med('node -e 0', size);
      const truth = med('true', size);
      for (const kind of ['provider', 'provisioner', 'node -e 0', 'true'] as const) {
        const subject = subjects.find((s) => s.kind === kind && s.size === size);
        if (!subject) continue;
        const ms = med(kind, size);
        rows.push([`${size} clients: ${kind === 'provider' || kind === 'provisioner' ? `${kind} mode` : `floor ${kind}`}`, subject.resources, fmt(ms / 1000, 2), times.get(subject.name)!.map((t) => fmt(t / 1000, 1)).join(' '), ratio(ms, node), ratio(ms, truth)]);
      }
    }
    console.log(table(['stack', 'resources', 'median s', 'runs s', '× node -e 0 stack', '× true stack'], rows));
    console.log('');
    console.log(`(e2) where the time goes: one recorded apply of each real stack (NODE_OPTIONS=--require bench/process-recorder.js; not timed)`);
    console.log(
      table(
        ['apply', 'wall s', 'node processes', 'median own wall ms', 'median CPU ms', 'node CPU s', 'terraform + sh CPU s', 'dev server CPU s', `CPU / ${os.cpus().length} cores s`],
        budgets,
      ),
    );
    console.log('    provider mode: the node processes are the provider (started by Terraform once per phase: validate, plan, apply, ...);');
    console.log('    provisioner mode: one `handle apply` per client plus `handle prune`. CPU / cores is a floor for the wall time.');

    const result: { provider50_node?: number; provider200_true?: number } = {};
    if (providerMode) {
      result.provider50_node = med('provider', 50) / med('node -e 0', 50);
      result.provider200_true = med('provider', 200) / med('true', 200);
      const verdict = (value: number, goal: number) => `${fmt(value, 2)} (goal <= ${goal}: ${value <= goal ? 'met' : 'MISSED'})`;
      console.log('');
      console.log(`provider mode, 50 clients vs node -e 0 stack:  ${verdict(result.provider50_node, GOALS.provider50_node)}`);
      console.log(`provider mode, 200 clients vs true stack:      ${verdict(result.provider200_true, GOALS.provider200_true)}`);
    }
    console.log(`# total modes benchmark time ${fmt((Date.now() - started) / 1000, 0)} s`);
    return result;
  } finally {
    await server?.stop();
    removeTree(project);
  }
}

/** `RATIOS`-line members, `n/a` when the provider mode was not measured. */
export function modeRatiosLine(r: ModeRatios): string {
  return `provider50_node=${r.provider50_node === undefined ? 'n/a' : fmt(r.provider50_node, 2)} provider200_true=${r.provider200_true === undefined ? 'n/a' : fmt(r.provider200_true, 2)}`;
}

/** Runs the app (the `app` command of cdktf.json, as `cdktf synth` does) into `<project>/<name>`. */
async function synthesize(projectDir: string, appCommand: string, port: number, clients: number, resourceType: string, name: string) {
  const outdir = path.join(projectDir, name);
  await mustRun(`synth of ${clients} clients (${resourceType})`, 'sh', ['-c', appCommand], {
    cwd: projectDir,
    env: offlineEnv({ CDKTF_OUTDIR: outdir, BENCH_CLIENTS: String(clients), BENCH_DEV_PORT: String(port), BENCH_RESOURCE_TYPE: resourceType }),
  });
  const dir = path.join(outdir, 'stacks', STACK);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as TerraformJson;
  const resources = Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  return { dir, json, resources };
}

/** Every real stack keeps its state in its own directory (both modes synthesize the same stack name). */
function ownState(dir: string, json: TerraformJson): Pick<StackDir, 'dir' | 'state'> {
  const state = path.join(dir, 'terraform.tfstate');
  const copy = { ...json, terraform: { ...json.terraform, backend: { local: { path: state } } } };
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(copy, null, 2));
  return { dir, state };
}

/** user + system CPU of a running process, from /proc (Linux; clock ticks of 10 ms). */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

if (require.main === module) {
  main().then(
    (r) => console.log(`RATIOS ${modeRatiosLine(r)}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack ?? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
