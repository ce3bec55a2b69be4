// Ships our Terraform provider with each stack that uses it, so `cdktf deploy` and plain
// `terraform` in the stack directory install it offline: Terraform's implied local mirror
// `terraform.d/plugins/<host>/<namespace>/<type>/<version>/<os>_<arch>/` in the working directory
// (developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories),
// plus the `.terraform.lock.hcl` cdktf insists on (without one it asks the registry). The package
// is a launcher script and the bundled provider; its `h1:` hash is Go's dirhash Hash1 over them
// (golang.org/x/mod/sumdb/dirhash), what `terraform init` checks the lock against.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot, packageVersion } from './package-files';

export const PROVIDER_SOURCE = { host: 'oauth-clients.local', namespace: 'oauth-clients', type: 'oauthclients' } as const;
export const providerSourceAddress = (): string => `${PROVIDER_SOURCE.host}/${PROVIDER_SOURCE.namespace}/${PROVIDER_SOURCE.type}`;

/** The built provider (esbuild of lib/terraform-provider/main.ts). Not named terraform-provider-*: Terraform would take it for the executable. */
const BUNDLE = path.join('dist', 'terraform-provider-oauthclients.cjs');
const BUNDLE_NAME = 'oauthclients-provider.cjs';

/** Identical content hashes the same everywhere: the package goes to the platforms pipelines run on. */
const PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'];

const LAUNCHER = `#!/bin/sh
# The Terraform provider of oauth-clients-as-code (shipped by the OAuthClient construct at synth):
# runs the bundled provider beside this file with the node on PATH.
exec node "$(dirname "$0")/${BUNDLE_NAME}" "$@"
`;

export interface ProviderPackage {
  /**
   * `<package version>-b<content hash>`: Terraform keys its plugin cache by version (cdktf turns
   * on a cache shared by every project of the user, ~/.terraform.d/plugin-cache), so two builds
   * under one version would overwrite each other there and fail each other's lock check.
   */
  readonly version: string;
  readonly hash: string;
  readonly files: Readonly<Record<string, Buffer>>;
  readonly executable: string;
}

let cached: ProviderPackage | undefined;

/** The launcher and the bundle, read once per process. */
export function providerPackage(): ProviderPackage {
  if (cached) return cached;
  const bundlePath = path.join(packageRoot(), BUNDLE);
  if (!fs.existsSync(bundlePath)) {
    throw new Error(`the oauth-clients Terraform provider is not built (${bundlePath} is missing): run \`npm run build\` in ${packageRoot()}`);
  }
  const bundle = fs.readFileSync(bundlePath);
  const content = createHash('sha256').update(LAUNCHER).update(bundle).digest('hex');
  const version = `${packageVersion()}-b${content.slice(0, 12)}`;
  const executable = `terraform-provider-${PROVIDER_SOURCE.type}_v${version}`;
  const files: Record<string, Buffer> = { [executable]: Buffer.from(LAUNCHER), [BUNDLE_NAME]: bundle };
  cached = { version, hash: hash1(files), files, executable };
  return cached;
}

/** Writes the plugin mirror into the stack directory and merges our entry into its lock file. */
export function shipProvider(stackDir: string): ProviderPackage {
  const pkg = providerPackage();
  const base = path.join(stackDir, 'terraform.d', 'plugins', PROVIDER_SOURCE.host, PROVIDER_SOURCE.namespace, PROVIDER_SOURCE.type);
  // Older builds' directories would only grow the stack output.
  if (fs.existsSync(base)) for (const old of fs.readdirSync(base)) if (old !== pkg.version) fs.rmSync(path.join(base, old), { recursive: true, force: true });
  for (const platform of new Set([currentPlatform(), ...PLATFORMS])) {
    const dir = path.join(base, pkg.version, platform);
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(pkg.files)) writeIfChanged(path.join(dir, name), content, name === pkg.executable ? 0o755 : 0o644);
  }
  writeLockFile(path.join(stackDir, '.terraform.lock.hcl'), pkg.version, pkg.hash);
  return pkg;
}

/** dirhash Hash1: sha256 over "<hex sha256 of file>  <name>\n" for each file, sorted by name. */
export function hash1(files: Readonly<Record<string, Buffer>>): string {
  const summary = Object.keys(files)
    .sort()
    .map((name) => `${createHash('sha256').update(files[name]).digest('hex')}  ${name}\n`)
    .join('');
  return `h1:${createHash('sha256').update(summary).digest('base64')}`;
}

/** Our provider's block, replacing an older one; other providers' blocks are kept as they are. */
function writeLockFile(file: string, version: string, hash: string): void {
  const address = providerSourceAddress();
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n';
  const block = `provider "${address}" {\n  version     = "${version}"\n  constraints = "${version}"\n  hashes = [\n    "${hash}",\n  ]\n}\n`;
  const others = existing.replace(new RegExp(`\\n?provider "${address.replace(/\./g, '\\.')}" \\{[\\s\\S]*?\\n\\}\\n`, 'g'), '');
  writeIfChanged(file, Buffer.from(`${others.replace(/\n*$/, '\n')}\n${block}`), 0o644);
}

/** Unchanged files keep their mtime, so tools watching the output see no change. */
function writeIfChanged(file: string, content: Buffer, mode: number): void {
  if (fs.existsSync(file) && fs.readFileSync(file).equals(content)) return;
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content, { mode });
  fs.chmodSync(temporary, mode);
  fs.renameSync(temporary, file);
}

function currentPlatform(): string {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  return `${process.platform === 'win32' ? 'windows' : process.platform}_${arch[process.arch] ?? process.arch}`;
}
