// The package as an adopting team gets it, following the README's "Install in your project":
// `npm pack`, a fresh cdktf project of its own that installs the tarball with npm, the README's
// main.ts, `npx cdktf synth`, `npx oauth-clients provider` in the background, `npx cdktf deploy`,
// `npx oauth-clients credentials` and a token obtained with them, two commits and
// `npx oauth-clients audit --base HEAD~1`, the README's GitHub Actions audit steps run as a script,
// and `npx cdktf destroy`. Everything is the real thing (npm, cdktf-cli, Terraform, node-oidc-provider).
// Two shortcuts, to stay near two minutes: the tarball is packed from the dist/ `npm test` just
// built (`--ignore-scripts` skips a second build), and cdktf-cli, typescript and ts-node, the
// same versions the README installs, are linked from this repository's node_modules instead of
// being installed (476 packages, ~45 s); the package's own dependencies, cdktf and constructs come
// from npm (the local cache first, else the registry).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { clientCredentialsToken, verifyAccessToken, type ExportedCredentials } from '../support/e2e-provider';
import { storySteps } from '../support/e2e-story';
import { readmeSection, workflowRunSteps } from './readme-blocks';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');
const STACK = 'app-dev';
const LINKED_TOOLS = ['cdktf-cli', 'typescript', 'ts-node'];

let work: string;
let project: string;
let provider: ChildProcess | undefined;
let providerOut = '';
let port: number;
const step = storySteps();

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a developer's shell has: offline Terraform, no CI secrets of ours. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'USER', 'npm_config_cache']) if (process.env[name] !== undefined) base[name] = process.env[name];
  return { ...base, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(ROOT, '.ci', 'terraformrc'), CI: '1', FORCE_COLOR: '0', ...extra };
}

function sh(command: string, extra: NodeJS.ProcessEnv = {}, cwd = project): Run {
  const result = spawnSync('bash', ['-c', command], { cwd, env: env(extra), encoding: 'utf8', timeout: 180_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOk(run: Run, what: string): Run {
  if (run.status !== 0) throw new Error(`${what} exited ${run.status}:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
  return run;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as net.AddressInfo;
      server.close(() => resolve(free));
    });
    server.on('error', reject);
  });

/** Every string in a JSON value. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

beforeAll(async () => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oac-consumer-')));
  project = path.join(work, 'team-app');
  fs.mkdirSync(project);
  port = await freePort();
});

afterAll(async () => {
  if (provider?.pid && provider.exitCode === null) {
    process.kill(-provider.pid, 'SIGTERM');
    await new Promise((resolve) => provider!.once('exit', resolve));
  }
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

let tarball: string;

test(
  'npm pack: a tarball with the built library, the executable bin and the LICENSE, without tests or the example app',
  step('pack', async () => {
    const packed = expectOk(sh(`npm pack --ignore-scripts --json --pack-destination ${JSON.stringify(work)}`, {}, ROOT), 'npm pack');
    const [{ filename }] = JSON.parse(packed.stdout) as { filename: string }[];
    tarball = path.join(work, filename);
    const listing = expectOk(sh(`tar -tvzf ${JSON.stringify(tarball)}`, {}, work), 'tar').stdout;
    const modeOf = (file: string) => new RegExp(`^(\\S+)\\s.*\\s${file.replaceAll('.', '\\.')}$`, 'm').exec(listing)?.[1];

    expect(modeOf('package/dist/oauth-clients.cjs')).toBe('-rwxr-xr-x');
    expect(modeOf('package/dist/oauth-clients-handler.cjs')).toBeDefined();
    expect(modeOf('package/dist/lib/index.d.ts')).toBeDefined();
    expect(modeOf('package/LICENSE')).toBeDefined();
    expect(listing).not.toMatch(/ package\/(test|bench|stacks|lib)\//);
    expect(listing).not.toMatch(/ package\/(dist\/)?main\.(ts|js)$/m);
  }),
);

test(
  'npm install of the tarball in a fresh cdktf project: `npx oauth-clients --help` works there',
  step('install', async () => {
    const install = readmeSection('Install in your project');
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'team-app', version: '1.0.0', private: true }, null, 2));
    fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'npx ts-node --transpile-only main.ts', terraformProviders: [], terraformModules: [], context: {} }, null, 2));
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, esModuleInterop: true, skipLibCheck: true } }, null, 2));
    expect(install.text).toContain('"app": "npx ts-node --transpile-only main.ts"');
    expect(install.text).toContain('`"module": "commonjs"`');
    fs.writeFileSync(path.join(project, 'main.ts'), install.typescript('// main.ts').replace("Host.localDevelopment(stack, 'dev')", `Host.localDevelopment(stack, 'dev', { port: ${port} })`));
    fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules/\ncdktf.out*/\n.oauth-clients/\n*.tfstate*\n');

    // The README's install line, with this run's tarball.
    const npmInstall = install.shellLine(/^npm install cdktf@/).replace(/\S+\.tgz/, JSON.stringify(tarball));
    expectOk(sh(`${npmInstall} --no-audit --no-fund --prefer-offline`), npmInstall);
    const devTools = install.shellLine(/^npm install --save-dev/);
    for (const tool of LINKED_TOOLS) expect(devTools).toContain(`${tool}@${(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', tool, 'package.json'), 'utf8')) as { version: string }).version}`);
    for (const tool of LINKED_TOOLS) fs.symlinkSync(path.join(ROOT, 'node_modules', tool), path.join(project, 'node_modules', tool), 'dir');
    for (const bin of ['cdktf', 'tsc', 'ts-node']) fs.symlinkSync(path.join(ROOT, 'node_modules', '.bin', bin), path.join(project, 'node_modules', '.bin', bin));

    const installed = path.join(project, 'node_modules', 'oauth-clients-as-code');
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, 'node_modules', 'cdktf'))).toBe(false); // one cdktf: the project's (a peer dependency)
    const help = expectOk(sh('npx oauth-clients --help'), 'npx oauth-clients --help');
    expect(help.stdout).toMatch(/^usage: oauth-clients <command>/);
    const version = expectOk(sh('npx oauth-clients --version'), 'npx oauth-clients --version');
    expect(version.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  }),
);

test(
  'npx cdktf synth: cdk.tf.json names no path outside the project, and the handler resolves inside its node_modules',
  step('synth', async () => {
    expectOk(sh('npx cdktf synth --no-color'), 'npx cdktf synth');
    const stackDir = path.join(project, 'cdktf.out', 'stacks', STACK);
    const text = fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8');
    const json = JSON.parse(text) as {
      terraform: { backend: { local: { path: string } } };
      provider: Record<string, unknown>;
      resource: Record<string, Record<string, { provisioner?: { 'local-exec': { command: string } }[] }>>;
    };

    for (const marker of [work, ROOT, os.homedir(), '/tmp/', '/work/', '/root/']) expect(text).not.toContain(marker);
    expect(strings(json).filter((s) => /^\/|\s\/[^/]/.test(s))).toEqual([]);
    // Provider mode (the default): our provider ships inside the stack directory, the project root is relative.
    expect(json.provider.oauthclients).toEqual([{ project_root: '../../..' }]);
    expect(Object.keys(json.resource.oauthclients_client ?? {})).toHaveLength(2);
    expect(fs.readdirSync(path.join(stackDir, 'terraform.d', 'plugins'))).toEqual(['oauth-clients.local']);
    // The provisioner mode: the handler runs from the project's node_modules.
    const provisionerOut = path.join(project, 'cdktf.out.provisioners');
    expectOk(sh('npx ts-node --transpile-only main.ts', { CDKTF_OUTDIR: provisionerOut, CDKTF_CONTEXT_JSON: JSON.stringify({ 'oauth-clients:resourceType': 'terraform_data' }) }), 'synth in provisioner mode');
    const provisionerStack = path.join(provisionerOut, 'stacks', STACK);
    const provisionerJson = JSON.parse(fs.readFileSync(path.join(provisionerStack, 'cdk.tf.json'), 'utf8')) as typeof json;
    const commands = Object.values(provisionerJson.resource).flatMap((byName) => Object.values(byName)).flatMap((r) => (r.provisioner ?? []).map((p) => p['local-exec'].command));
    expect(commands.length).toBeGreaterThanOrEqual(5); // apply + destroy per client, prune (and the stack's witness)
    for (const command of commands) {
      const [, bundle] = /^node (\S+) handle (\w+)$/.exec(command) ?? [];
      expect(bundle).toBe('../../../node_modules/oauth-clients-as-code/dist/oauth-clients-handler.cjs');
      // Resolved from where Terraform will run it, in the project's stack directory.
      expect(fs.existsSync(path.resolve(provisionerStack, bundle))).toBe(true);
    }
    // No backend declared: cdktf's default local state, named relatively (the project root's file).
    expect(json.terraform.backend.local.path).toBe(`../../../terraform.${STACK}.tfstate`);
  }),
);

test(
  'npx oauth-clients provider --scopes-from-app in the background: stdout names the issuer and the token file, never the token',
  step('provider', async () => {
    const command = readmeSection('Install in your project').shellLine(/^npx oauth-clients provider/).replace(/\s*&$/, '');
    expect(command).toBe('npx oauth-clients provider --scopes-from-app');
    provider = spawn('bash', ['-c', `exec ${command} --port ${port}`], { cwd: project, env: env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    provider.stderr!.on('data', (chunk: Buffer) => (providerOut += chunk.toString()));
    const lines: string[] = [];
    const reader = createInterface({ input: provider.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the provider printed no issuer in 60 s:\n${lines.join('\n')}\n${providerOut}`)), 60_000);
      provider!.once('exit', (code) => reject(new Error(`the provider exited ${code}:\n${lines.join('\n')}\n${providerOut}`)));
      reader.on('line', (line) => {
        lines.push(line);
        if (lines.length === 2) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const tokenFile = path.join(project, '.oauth-clients', 'devserver', 'initial-access-token');

    expect(lines).toEqual([`issuer: http://127.0.0.1:${port}`, `initial access token: ${tokenFile}`]);
    expect(lines.join('\n')).not.toContain(fs.readFileSync(tokenFile, 'utf8').trim());
    const discovery = (await (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    expect(discovery.scopes_supported).toContain('reports.read'); // declared only in the app's main.ts
  }),
);

let exported: ExportedCredentials;

test(
  'npx cdktf deploy with a relative OAUTH_CLIENTS_DEV_IAT_FILE: both clients registered, the service credentials exported and a token obtained with them',
  step('deploy', async () => {
    const install = readmeSection('Install in your project');
    const [, iatFile] = /^export OAUTH_CLIENTS_DEV_IAT_FILE=(\S+)/m.exec(install.text) ?? [];
    expect(iatFile).toBe('.oauth-clients/devserver/initial-access-token');
    expectOk(sh(`${install.shellLine(/^npx cdktf deploy/)} --no-color`, { OAUTH_CLIENTS_DEV_IAT_FILE: iatFile }), 'npx cdktf deploy');

    const credentials = expectOk(sh(install.shellLine(/^npx oauth-clients credentials/)), 'npx oauth-clients credentials');
    exported = JSON.parse(credentials.stdout) as ExportedCredentials;
    expect(Object.keys(exported).sort()).toEqual(['client_id', 'client_secret', 'issuer', 'token_endpoint']);
    const web = JSON.parse(expectOk(sh('npx oauth-clients credentials app-dev/web'), 'credentials app-dev/web').stdout) as Record<string, unknown>;
    expect(web).toMatchObject({ client_id: expect.any(String) });
    expect(web).not.toHaveProperty('client_secret');

    const answer = await clientCredentialsToken(exported, 'reports.read');
    expect(answer.status).toBe(200);
    const claims = await verifyAccessToken(exported.issuer, answer.body.access_token as string);
    expect(claims.scope).toBe('reports.read');
    expect(claims.client_id).toBe(exported.client_id);
    for (const file of fs.readdirSync(project).filter((f) => f.endsWith('.tfstate'))) expect(fs.readFileSync(path.join(project, file), 'utf8')).not.toContain(exported.client_secret!);
  }),
);

test(
  'two commits, then `npx oauth-clients audit --base HEAD~1` reports the scope the second one grants',
  step('audit', async () => {
    const git = (args: string) => expectOk(sh(`git ${args}`, { GIT_AUTHOR_NAME: 'Team', GIT_AUTHOR_EMAIL: 'team@example.com', GIT_COMMITTER_NAME: 'Team', GIT_COMMITTER_EMAIL: 'team@example.com' }), `git ${args}`);
    git('init --quiet --initial-branch=main');
    git('add -A');
    git("commit --quiet -m 'OAuth clients of app-dev'");
    const main = fs.readFileSync(path.join(project, 'main.ts'), 'utf8');
    const widened = main.replace(/(host\.addClient\('reporting', \{[\s\S]*?scopes: \[read)\]/, "$1, host.addScope('reports.write', { description: 'Change reports' })]");
    expect(widened).not.toBe(main);
    fs.writeFileSync(path.join(project, 'main.ts'), widened);
    git("commit --quiet -am 'reporting may change reports'");

    const audit = expectOk(sh('npx oauth-clients audit --base HEAD~1'), 'npx oauth-clients audit');
    expect(audit.stdout).toContain('`app-dev/reporting` | scopes | added `reports.write`');
  }),
);

test(
  "the README's GitHub Actions audit steps, run as a script without GitHub: the report in the job summary, no comment without gh, the gate passes",
  step('workflow', async () => {
    const steps = workflowRunSteps(readmeSection('In a pull request').text);
    expect(steps.map((s) => s.name)).toEqual(['npm ci --no-audit --no-fund', 'Audit', 'Comment', 'Gate']);
    const output = path.join(work, 'github-output');
    const summary = path.join(work, 'step-summary');
    fs.writeFileSync(output, '');
    fs.writeFileSync(summary, '');
    const outputs: Record<string, string> = {};
    for (const { name, run, continueOnError } of steps) {
      // Installed above (the same install the README gives; a second one would only repeat it).
      if (name.startsWith('npm ci')) continue;
      const script = run.replace(/\$\{\{ steps\.audit\.outputs\.(\w+) \}\}/g, (_, key: string) => outputs[key]).replace(/\$\{\{ [^}]+ \}\}/g, '');
      const result = sh(`set -e\n${script}`, { GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, PR: '1', PATH: `${process.env.PATH}` });
      Object.assign(outputs, Object.fromEntries(fs.readFileSync(output, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => l.split('=', 2))));
      if (!continueOnError) expect({ step: name, status: result.status, stderr: result.stderr }).toEqual({ step: name, status: 0, stderr: expect.any(String) });
    }
    expect(outputs.status).toBe('0'); // a development host gaining a write scope is a medium flag: below --fail-on high
    expect(fs.readFileSync(summary, 'utf8')).toContain('added `reports.write`');
  }),
);

test(
  'npx cdktf destroy: the clients are deleted at the provider and their exported credentials removed',
  step('destroy', async () => {
    expectOk(sh('npx cdktf destroy app-dev --auto-approve --no-color', { OAUTH_CLIENTS_DEV_IAT_FILE: '.oauth-clients/devserver/initial-access-token' }), 'npx cdktf destroy');
    // A fresh connection: the one kept alive since the deploy step may have been closed by the server meanwhile.
    const answer = await clientCredentialsToken(exported, 'reports.read').catch(() => clientCredentialsToken(exported, 'reports.read'));
    expect(answer.status).toBe(401);
    expect(provider?.exitCode).toBeNull();
    const gone = sh('npx oauth-clients credentials app-dev/reporting');
    expect(gone.status).toBe(1);
    expect(gone.stderr).toContain("no credentials for app-dev/reporting at 'dev/app-dev/reporting'");
  }),
);
