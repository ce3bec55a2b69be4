// The example app, synthesized the way `cdktf synth` runs it (the `app` command of cdktf.json),
// must give the same JSON on every machine (docs/design.md §3): no absolute path of this one in it.
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT, allResources, type TerraformJson } from '../support/synth';

const STACKS = ['tstapp-dev', 'tstapp-prod'];

/** Markers of this machine: the project, the home and temp directories, and the usual roots. */
const MACHINE_MARKERS = [PROJECT_ROOT, os.homedir(), os.tmpdir(), '/work/', '/root/', '/tmp/'];

let outdir: string;
const stackText = new Map<string, string>();

beforeAll(() => {
  // Given the example app, when it is run as cdktf runs it, with the output in a scratch directory of this folder...
  outdir = fs.mkdtempSync(path.join(__dirname, '.synth-out-'));
  const { app } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdktf.json'), 'utf8')) as { app: string };
  execSync(app, { cwd: PROJECT_ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' }, stdio: 'pipe' });
  for (const stack of STACKS) stackText.set(stack, fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}, 120_000);

afterAll(() => {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
});

const jsonOf = (stack: string) => JSON.parse(stackText.get(stack) ?? 'null') as TerraformJson;

/** Every string in a JSON value, with where it is. */
function strings(value: unknown, at = ''): { at: string; value: string }[] {
  if (typeof value === 'string') return [{ at, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

/** Strings that hold an absolute path: leading `/` or a drive letter, or one as a command argument. */
const absolutePaths = (value: unknown) => strings(value).filter(({ value: s }) => /^\/|^[A-Za-z]:[\\/]|\s\/[^/]/.test(s));

const machineMarkersIn = (text: string) => MACHINE_MARKERS.filter((marker) => text.includes(marker));

describe.each(STACKS)('the synthesized %s stack', (stack) => {
  test('then its resources hold no path of this machine', () => {
    const resources = jsonOf(stack).resource;

    expect(allResources(jsonOf(stack)).length).toBeGreaterThan(0);
    expect(machineMarkersIn(JSON.stringify(resources))).toEqual([]);
    expect(absolutePaths(resources)).toEqual([]);
  });

  test('then the whole JSON holds no path of this machine', () => {
    expect(machineMarkersIn(stackText.get(stack) ?? '')).toEqual([]);
    expect(absolutePaths(jsonOf(stack))).toEqual([]);
  });

  test('then its state is kept by a local backend at a relative path named after the stack', () => {
    // cdktf's default local backend would write `<cwd>/terraform.<stack>.tfstate`: an absolute path.
    expect(jsonOf(stack).terraform?.backend).toEqual({ local: { path: expect.stringMatching(new RegExp(`^(\\.\\./)+terraform\\.${stack}\\.tfstate$`)) } });
  });

  // projectLocalBackend computes the path as the handler's project root is computed: from the real outdir.
  test('then the state file is in the project root, where OAUTH_CLIENTS_PROJECT_ROOT points, whatever the output directory', () => {
    const stackDir = path.join(outdir, 'stacks', stack);
    const backend = jsonOf(stack).terraform?.backend as { local: { path: string } };

    expect(path.resolve(stackDir, backend.local.path)).toBe(path.join(PROJECT_ROOT, `terraform.${stack}.tfstate`));
  });

  test('then its clients are our provider\'s resources, and the provider finds the project root by a path relative to the stack directory', () => {
    const stackDir = path.join(outdir, 'stacks', stack);
    const json = jsonOf(stack);

    // Each example stack declares two clients, in the provider mode: no provisioner runs anything.
    expect(allResources(json).map((r) => r.type)).toEqual(['oauthclients_client', 'oauthclients_client']);
    expect(allResources(json).flatMap((r) => r.body.provisioner ?? [])).toEqual([]);
    const [provider] = (json.provider as { oauthclients: { project_root: string }[] }).oauthclients;
    expect(provider.project_root).toMatch(/^\.\.(\/\.\.)*$/);
    expect(path.resolve(stackDir, provider.project_root)).toBe(PROJECT_ROOT);
  });

  test('then the stack directory holds the provider package and a lock file, with no path of this machine', () => {
    const stackDir = path.join(outdir, 'stacks', stack);
    const lock = fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8');
    const versions = fs.readdirSync(path.join(stackDir, 'terraform.d/plugins/oauth-clients.local/oauth-clients/oauthclients'));
    // One version, named after the package's version and the bundle's content.
    expect(versions).toEqual([expect.stringMatching(/^0\.1\.0-b[0-9a-f]{12}$/)]);
    const launcher = fs.readFileSync(path.join(stackDir, `terraform.d/plugins/oauth-clients.local/oauth-clients/oauthclients/${versions[0]}/linux_amd64/terraform-provider-oauthclients_v${versions[0]}`), 'utf8');

    expect(lock).toMatch(/provider "oauth-clients\.local\/oauth-clients\/oauthclients" \{/);
    expect(lock).toContain(`constraints = "${versions[0]}"`);
    expect(machineMarkersIn(lock + launcher)).toEqual([]);
  });
});

test('given the example app, then its stacks are the two of main.ts and nothing else', () => {
  expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(STACKS);
});
