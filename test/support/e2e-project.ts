// A throw-away cdktf project for end-to-end tests: cdktf.json, a node_modules of links to this
// repository's packages and to this repository itself (as a directory install would make it, so
// the provisioners run the handler through the project's node_modules), and a main.ts the test
// writes, which imports the library's sources by absolute path. Runs
// the real `cdktf deploy|diff|destroy` (and Terraform) in it and reads back what a user would:
// the project's secret store, its state files, everything the tools printed.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESERVED_STORE_PREFIX, STORE_DEFAULTS } from '../../lib/model';
import { openSecretStore, type SecretStoreBackend, type StoredValue } from '../../lib/secrets';
import { REPO_ROOT } from './handler';
import { linkNodeModules } from './project-node-modules';

/** The env var the test host names for its initial access token (never its value). */
export const IAT_ENV = 'E2E_IAT';

/** One OAuthClient of the test stack, as plain data; main.ts turns it into the construct. */
export interface E2eClient {
  /** The construct id; the client's key is `<stack>/<id>` unless `key` is set. */
  readonly id: string;
  readonly clientName: string;
  readonly key?: string;
  readonly publicClient?: boolean;
  readonly flows?: { readonly authorizationCode?: boolean; readonly clientCredentials?: boolean; readonly refreshToken?: boolean };
  /** Scope names; each must be one of the stack's `scopes`. */
  readonly scopes: readonly string[];
  readonly redirectUrls?: readonly string[];
  readonly removalPolicy?: 'destroy' | 'retain';
  /** @default - the construct's default (web unless a redirect URL has a private-use scheme) */
  readonly applicationType?: 'web' | 'native';
}

/** What the test's main.ts declares: one stack, one Host in it, its scopes and clients. */
export interface E2eDeclaration {
  readonly issuer: string;
  /** Overrides discovery: lets a fault proxy stand between the handlers and registration. */
  readonly registrationEndpoint?: string;
  /** Scope name → description. */
  readonly scopes: Readonly<Record<string, string>>;
  readonly clients: readonly E2eClient[];
  /** Terraform's `pg` backend instead of the local state file. */
  readonly pgConnStr?: string;
  /** The pg backend's schema, so several stacks can share one database. @default 'terraform_remote_state' */
  readonly pgSchemaName?: string;
  /** The Host's `store`, as TypeScript source (e.g. `SecretStore.postgres({ connectionStringEnv: 'E2E_PG' })`). */
  readonly store?: string;
  /** The Host's `ledgerStore`, as TypeScript source. */
  readonly ledgerStore?: string;
  /**
   * The app's `oauth-clients:resourceType` context: the provisioner modes name `terraform_data`.
   * @default - the library's default: our provider's `oauthclients_client`
   */
  readonly resourceType?: 'terraform_data' | 'oauthclients_client';
  /** `TerraformOutput`s of clients' `clientId`, by output name → construct id. */
  readonly clientIdOutputs?: Readonly<Record<string, string>>;
}

/** One run of a command in the project. */
export interface CommandRun {
  readonly command: string;
  /** The exit code; null when killed. */
  readonly code: number | null;
  /** stdout and stderr, interleaved as they arrived. */
  readonly output: string;
  readonly ms: number;
}

export interface StateSnapshot {
  readonly after: string;
  readonly file: string;
  readonly text: string;
}

const CDKTF_TIMEOUT_MS = 150_000;
const MAX_SCANNED_FILE_BYTES = 5_000_000;

export class E2eProject {
  /** The Host construct's id, hence its name: part of every export path and ledger key. */
  readonly hostName = 'e2e-dev';
  /** Everything cdktf and Terraform printed, one entry per command, in order. */
  readonly runs: CommandRun[] = [];
  /** Every state file and every file under cdktf.out, as it was after each command. */
  readonly snapshots: StateSnapshot[] = [];
  private storePromise?: Promise<SecretStoreBackend>;
  /** More environment for every command (store connection strings, tokens): names the test's main.ts refers to. */
  readonly extraEnv: Record<string, string> = {};
  /** Commands still running (their process groups are ended by remove()). */
  private readonly live = new Set<ChildProcess>();

  private constructor(
    readonly dir: string,
    readonly stack: string,
    private readonly iat: string,
  ) {}

  /** A fresh project directory under the system's temp dir, with no main.ts yet. */
  static create(stack: string, initialAccessToken: string): E2eProject {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oac-e2e-')));
    fs.copyFileSync(path.join(REPO_ROOT, 'cdktf.json'), path.join(dir, 'cdktf.json'));
    linkNodeModules(dir);
    // ts-node (cdktf.json's app) compiles main.ts and the library's sources with these settings.
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, skipLibCheck: true, strict: true } }, null, 2),
    );
    return new E2eProject(dir, stack, initialAccessToken);
  }

  /** The key a client gets by default: its construct path. */
  keyOf(id: string): string {
    return `${this.stack}/${id}`;
  }

  /** Where a client's credentials are exported in the store (the default export path). */
  exportPathOf(id: string): string {
    return `${this.hostName}/${this.keyOf(id)}`;
  }

  /** The stack witness's record (lib/backend/stack-witness.ts), in the store while the stack is deployed. */
  get witnessPath(): string {
    return `${RESERVED_STORE_PREFIX}stack/${this.stack}`;
  }

  ledgerPathOf(id: string): string {
    return `${RESERVED_STORE_PREFIX}ledger/${this.hostName}/${this.keyOf(id)}`;
  }

  /** Writes main.ts as given (a test with a layout of its own: several hosts, several stores). */
  writeMain(source: string): void {
    fs.writeFileSync(path.join(this.dir, 'main.ts'), source);
  }

  /** (Re)writes main.ts: what a developer edits between deploys. */
  declare(declaration: E2eDeclaration): void {
    fs.writeFileSync(path.join(this.dir, 'main.ts'), renderMain(this.stack, this.hostName, declaration));
  }

  /**
   * `cdktf deploy <stack> --auto-approve`. `skipSynth` deploys what the last synth, diff or deploy
   * synthesized, as a pipeline deploys the plan that was reviewed (and saves a synth).
   */
  deploy(options: { readonly skipSynth?: boolean } = {}): Promise<CommandRun> {
    return this.cdktf(['deploy', this.stack, '--auto-approve', '--no-color', ...(options.skipSynth ? ['--skip-synth'] : [])]);
  }

  destroy(options: { readonly skipSynth?: boolean } = {}): Promise<CommandRun> {
    return this.cdktf(['destroy', this.stack, '--auto-approve', '--no-color', ...(options.skipSynth ? ['--skip-synth'] : [])]);
  }

  /**
   * Starts `cdktf deploy` and hands back its pid, to kill the whole process tree mid-way (see
   * process-tree.ts); `done` settles when cdktf exits, killed or not.
   */
  startDeploy(options: { readonly skipSynth?: boolean } = {}): { readonly pid: number; readonly done: Promise<CommandRun> } {
    const args = ['deploy', this.stack, '--auto-approve', '--no-color', ...(options.skipSynth ? ['--skip-synth'] : [])];
    const file = path.join(this.dir, 'node_modules', '.bin', 'cdktf');
    let pid = -1;
    const done = this.run(file, args, this.dir, (child) => (pid = child.pid ?? -1));
    return { pid, done };
  }

  diff(): Promise<CommandRun> {
    return this.cdktf(['diff', this.stack, '--no-color']);
  }

  synth(): Promise<CommandRun> {
    return this.cdktf(['synth', '--no-color']);
  }

  /** The synthesized stack's working directory, where Terraform runs. */
  get stackDir(): string {
    return path.join(this.dir, 'cdktf.out', 'stacks', this.stack);
  }

  /** Runs Terraform itself in the stack directory, e.g. `['apply', '-auto-approve', '-lock-timeout=0s']`. */
  terraform(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
    return this.run('terraform', [...args], this.stackDir, undefined, extraEnv);
  }

  /** The environment of every spawned tool: offline Terraform, the credential, no store key (a key file is generated). */
  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const name of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'USER']) if (process.env[name] !== undefined) env[name] = process.env[name];
    // cdktf points Terraform at the machine-wide ~/.terraform.d/plugin-cache unless told not to; our
    // provider's package keeps version 0.1.0 while its bytes change with every build, so a copy
    // cached by another checkout or an earlier build is installed instead of the stack's own and
    // the next command fails its lock-file check. Every project here installs from its own mirror.
    return { ...env, [IAT_ENV]: this.iat, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', FORCE_COLOR: '0', CI: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', ...this.extraEnv };
  }

  /** The project's secret store, opened as the handlers open it (key from the generated key file). */
  store(): Promise<SecretStoreBackend> {
    this.storePromise ??= openSecretStore({ kind: 'file', directory: STORE_DEFAULTS.fileDirectory, keyEnv: STORE_DEFAULTS.fileKeyEnv }, { projectRoot: this.dir, env: {} });
    return this.storePromise;
  }

  async exportOf(id: string): Promise<StoredValue | undefined> {
    return (await this.store()).get(this.exportPathOf(id));
  }

  /** The export's encrypted file, byte for byte: a re-export would change it (new IV). */
  exportBytes(id: string): Buffer {
    return fs.readFileSync(path.join(this.dir, STORE_DEFAULTS.fileDirectory, ...this.exportPathOf(id).split('/')) + '.jwe');
  }

  async ledgerOf(id: string): Promise<LedgerView | undefined> {
    return (await (await this.store()).get(this.ledgerPathOf(id))) as LedgerView | undefined;
  }

  /** Every export of this host in the store. */
  async exportPaths(): Promise<string[]> {
    return (await this.store()).list(`${this.hostName}/`);
  }

  /** Every entry of the store: exports and the backend's records. */
  async allStoreEntries(): Promise<string[]> {
    return (await this.store()).list('');
  }

  /**
   * Entries of the handlers' local journal (`.oauth-clients/local-journal`, lib/backend/handler-runtime.ts):
   * the on-disk copy of a provider's answer, which holds a client secret until the ledger has it.
   */
  async localJournalEntries(): Promise<string[]> {
    const directory = '.oauth-clients/local-journal';
    if (!fs.existsSync(path.join(this.dir, directory))) return [];
    const journal = await openSecretStore({ kind: 'file', directory, keyEnv: STORE_DEFAULTS.fileKeyEnv }, { projectRoot: this.dir, env: {} });
    return journal.list('');
  }

  /** Local state files of the project (`terraform.<stack>.tfstate` and its backup). */
  localStateFiles(): string[] {
    return fs
      .readdirSync(this.dir)
      .filter((name) => /\.tfstate(\.backup)?$/.test(name))
      .map((name) => path.join(this.dir, name));
  }

  /** Files a secret must never reach: local state, and everything under cdktf.out (state, plans, JSON). */
  scannedFiles(): string[] {
    const files = [...this.localStateFiles()];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && fs.statSync(full).size <= MAX_SCANNED_FILE_BYTES) files.push(full);
      }
    };
    walk(path.join(this.dir, 'cdktf.out'));
    return files;
  }

  /** Everything printed so far. */
  transcript(): string {
    return this.runs.map((r) => `$ ${r.command}\n${r.output}`).join('\n');
  }

  /** Removes the project; with E2E_KEEP=1 keeps it, with everything printed in `transcript.log`, for a look after a failure. */
  remove(): void {
    for (const child of this.live) killGroup(child);
    if (process.env.E2E_KEEP) {
      fs.writeFileSync(path.join(this.dir, 'transcript.log'), this.transcript());
      process.stderr.write(`[e2e] kept ${this.dir}\n`);
      return;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private cdktf(args: readonly string[]): Promise<CommandRun> {
    return this.run(path.join(this.dir, 'node_modules', '.bin', 'cdktf'), [...args], this.dir);
  }

  private async run(file: string, args: string[], cwd: string, started_?: (child: ChildProcess) => void, extraEnv: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
    const command = `${path.basename(file)} ${args.join(' ')}`;
    const started = Date.now();
    const { code, output } = await spawnCollect(file, args, cwd, { ...this.env(), ...extraEnv }, CDKTF_TIMEOUT_MS, this.live, started_);
    const run: CommandRun = { command, code, output, ms: Date.now() - started };
    this.runs.push(run);
    for (const file of this.scannedFiles()) this.snapshots.push({ after: command, file, text: fs.readFileSync(file, 'latin1') });
    return run;
  }
}

/** The members of a ledger record the tests read (lib/backend/records.ts). */
export interface LedgerView {
  readonly clientId: string;
  readonly stack: string;
  readonly ownerInstance: string;
  readonly handle: { readonly registrationClientUri: string; readonly registrationAccessToken: string };
  readonly exportPath: string;
  readonly [member: string]: unknown;
}

/** cdktf starts Terraform, which starts the handlers: end the whole process group. */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function spawnCollect(
  file: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  live: Set<ChildProcess>,
  started?: (child: ChildProcess) => void,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    started?.(child);
    live.add(child);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[e2e] killed after ${timeoutMs} ms\n`;
      killGroup(child);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      live.delete(child);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, output });
    });
  });
}

/** main.ts: a Host and one OAuthClient statement per declared client, the library by absolute path. */
export function renderMain(stack: string, hostName: string, d: E2eDeclaration): string {
  const lib = path.join(REPO_ROOT, 'lib');
  const clients = d.clients.map((c) => {
    const { id, scopes, redirectUrls, ...options } = c;
    return (
      `clients[${JSON.stringify(id)}] = new OAuthClient(stack, ${JSON.stringify(id)}, {\n` +
      `  host,\n` +
      `  ...${JSON.stringify(options)},\n` +
      `  scopes: ${JSON.stringify(scopes)}.map(scope),\n` +
      `  redirectUrls: ${JSON.stringify(redirectUrls ?? [])}.map((url) => RedirectUrl.of(url)),\n` +
      `});`
    );
  });
  return [
    `// Written by the end-to-end tests (test/support/e2e-project.ts).`,
    `import { App, TerraformOutput, TerraformStack${d.pgConnStr ? ', PgBackend' : ''} } from 'cdktf';`,
    `import { Host, OAuthClient, RedirectUrl, SecretStore } from ${JSON.stringify(lib)};`,
    ``,
    `const app = new App(${d.resourceType ? `{ context: { 'oauth-clients:resourceType': ${JSON.stringify(d.resourceType)} } }` : ''});`,
    `const stack = new TerraformStack(app, ${JSON.stringify(stack)});`,
    d.pgConnStr ? `new PgBackend(stack, { connStr: ${JSON.stringify(d.pgConnStr)}${d.pgSchemaName ? `, schemaName: ${JSON.stringify(d.pgSchemaName)}` : ''} });` : `// local state: terraform.${stack}.tfstate`,
    `const host = new Host(stack, ${JSON.stringify(hostName)}, {`,
    `  issuer: ${JSON.stringify(d.issuer)},`,
    `  environment: 'development',`,
    `  credentials: { initialAccessToken: ${JSON.stringify(IAT_ENV)} },`,
    d.registrationEndpoint ? `  registrationEndpoint: ${JSON.stringify(d.registrationEndpoint)},` : '',
    d.store ? `  store: ${d.store},` : '',
    d.ledgerStore ? `  ledgerStore: ${d.ledgerStore},` : '',
    `  scopes: ${JSON.stringify(Object.fromEntries(Object.entries(d.scopes).map(([name, description]) => [name, { description }])))},`,
    `});`,
    `const scope = (name: string) => {`,
    `  const found = host.scopes.find((s) => s.name === name);`,
    `  if (!found) throw new Error('undeclared scope ' + name);`,
    `  return found;`,
    `};`,
    ``,
    `const clients: Record<string, OAuthClient> = {};`,
    ...clients,
    ...Object.entries(d.clientIdOutputs ?? {}).map(([name, id]) => `new TerraformOutput(stack, ${JSON.stringify(name)}, { value: clients[${JSON.stringify(id)}].clientId });`),
    ``,
    `app.synth();`,
    ``,
  ].join('\n');
}

