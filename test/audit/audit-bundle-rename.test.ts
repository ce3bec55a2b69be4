// The audit as CI runs it: `node dist/oauth-clients.cjs audit --base HEAD~1` in a repository whose
// last commit renames a client's construct (no explicit key) and widens another's scopes.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { givenGitProject } from './fixtures/git-project';
import { scratchDirectoryForFile } from './fixtures/scratch-directory';

jest.setTimeout(120_000);

const CHECKOUT = resolve(__dirname, '../..');

const BEFORE = `
const shop = new TerraformStack(app, 'shop');
new OAuthClient(shop, 'orders-ui', { host: prod, clientName: 'Orders', scopes: [scope(prod, 'orders.read')], redirectUrls: ['https://orders.example.com/cb'] });
new OAuthClient(shop, 'invoices', { host: prod, key: 'invoices', scopes: [scope(prod, 'invoices.read')], redirectUrls: ['https://invoices.example.com/cb'] });
`;

const AFTER = `
const shop = new TerraformStack(app, 'shop');
new OAuthClient(shop, 'orders-web', { host: prod, clientName: 'Orders', scopes: [scope(prod, 'orders.read')], redirectUrls: ['https://orders.example.com/cb'] });
new OAuthClient(shop, 'invoices', {
  host: prod, key: 'invoices', scopes: [scope(prod, 'invoices.read'), scope(prod, 'orders.write')], redirectUrls: ['https://invoices.example.com/cb'],
});
`;

/**
 * Builds the CLI with the package's own `bundle:cli` script, into a file of this test: the code under
 * test, not whatever dist/ holds, and nothing written where other builds and tests read.
 */
function bundleCli(): string {
  const outfile = join(scratchDirectoryForFile('oac-audit-bundle-'), 'oauth-clients.cjs');
  const script: string = JSON.parse(readFileSync(join(CHECKOUT, 'package.json'), 'utf8')).scripts['bundle:cli'];
  const [tool, ...args] = script.split(/\s+/).map((arg) => (arg.startsWith('--outfile=') ? `--outfile=${outfile}` : arg));
  execFileSync(join(CHECKOUT, 'node_modules', '.bin', tool), args, { cwd: CHECKOUT, stdio: 'pipe' });
  return outfile;
}

describe('node dist/oauth-clients.cjs audit', () => {
  let cli: string;
  let project: ReturnType<typeof givenGitProject>;

  beforeAll(() => {
    cli = bundleCli();
    project = givenGitProject();
    project.commitStack('orders and invoices', BEFORE);
    project.commitStack('rename orders-ui, invoices may write orders', AFTER);
  });

  it('given a renamed construct and a widened scope, when audited with --fail-on high, then the reviewer gets the whole story and CI gets exit status 1', () => {
    const run = spawnSync(process.execPath, [cli, 'audit', '--base', 'HEAD~1', '--fail-on', 'high'], { cwd: project.dir, encoding: 'utf8' });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const sha = project.git('rev-parse', '--short=7', 'HEAD~1');
    expect(run.stdout.replaceAll(sha, 'SHA')).toBe(
      [
        '### OAuth client audit: `HEAD~1` (SHA) → the working tree',
        '',
        '1 client(s) added, 1 changed, 1 removed · 🔴 2 high',
        '',
        '**Flags**',
        '',
        '- 🔴 **high** `prod` › `invoices`: an existing production client gains a scope whose name suggests write, admin or delete access (\'write\'): `orders.write`',
        '- 🔴 **high** `prod` › `shop/orders-ui`: removed from a production host: the client is deleted at the provider and its exported secret is deleted; it looks renamed: declare the old key to keep the client and its secret: `shop/orders-ui → shop/orders-web`',
        '',
        '#### `prod` (production)',
        '',
        '| client | change | details |',
        '| --- | --- | --- |',
        '| `invoices` | scopes | added `orders.write` |',
        '| `shop/orders-ui` | **removed** | deleted at the provider, exported secret deleted; replaced by `shop/orders-web`? |',
        "| `shop/orders-web` | **added** | new client_id and secret; replaces `shop/orders-ui`? (a renamed construct: declare `key: 'shop/orders-ui'` to keep that client); `authorization_code`; scopes `orders.read`; redirect URLs `https://orders.example.com/cb` |",
        '',
      ].join('\n'),
    );
  });
});
