// The Markdown a reviewer reads in the pull request: flags before tables, one table per host,
// declared values that cannot break the table or ping anyone, and a length a comment accepts.
import { buildReport } from '../../lib/audit/build-report';
import { identityOf, type DeclaredClient } from '../../lib/audit/declared-clients';
import type { Side } from '../../lib/audit/load-side';
import { renderMarkdown } from '../../lib/audit/render-markdown';
import type { ClientSpec } from '../../lib/model';
import { clientSpec, developmentHost } from './fixtures/client-specs';

function side(label: string, specs: ClientSpec[]): Side {
  const clients = new Map(specs.map((spec): [string, DeclaredClient] => [identityOf(spec), { spec, stack: 'team', resource: `terraform_data.${spec.key}` }]));
  return { source: { kind: 'git', label, commit: 'a'.repeat(40) }, clients };
}

const markdown = (before: ClientSpec[], after: ClientSpec[], maxLength?: number) => renderMarkdown(buildReport(side('main', before), side('HEAD', after)), maxLength);

describe('the Markdown report', () => {
  it('given no change, when rendered, then it is one line naming both revisions', () => {
    expect(markdown([clientSpec()], [clientSpec()])).toBe('No OAuth client changes between `main` (aaaaaaa) and `HEAD` (aaaaaaa).\n');
  });

  it('given changes on two hosts, when rendered, then flags come first, then one table per host with a row per change', () => {
    const dev = clientSpec({ key: 'tool', host: developmentHost });

    const text = markdown([clientSpec(), dev], [clientSpec({ requirePkce: false }), { ...dev, scopes: ['orders.read', 'tool.read'] }, clientSpec({ key: 'spa', publicClient: true, tokenEndpointAuthMethod: 'none' })]);

    const lines = text.split('\n');
    expect(lines[0]).toBe('### OAuth client audit: `main` (aaaaaaa) → `HEAD` (aaaaaaa)');
    expect(lines[2]).toBe('1 client(s) added, 2 changed · 🔴 1 high');
    expect(lines.indexOf('**Flags**')).toBeLessThan(lines.indexOf('#### `dev` (development)'));
    expect(lines.indexOf('#### `dev` (development)')).toBeLessThan(lines.indexOf('#### `prod` (production)'));
    expect(lines).toContain('- 🔴 **high** `prod` › `web`: PKCE switched off: an intercepted authorization code can be redeemed (RFC 9700 §2.1.1)');
    expect(lines).toContain('| `tool` | scopes | added `tool.read` |');
    expect(lines).toContain('| `spa` | **added** | new client_id (public client); `authorization_code`; scopes `orders.read`; redirect URLs `https://app.example.com/cb` |');
    expect(lines).toContain('| `web` | PKCE | on → **off** |');
  });

  it('given a renamed construct, when rendered, then the removal and the addition say so and how to keep the client', () => {
    const text = markdown([clientSpec({ key: 'shop/orders-ui' })], [clientSpec({ key: 'shop/orders-web' })]);

    expect(text).toContain("| `shop/orders-web` | **added** | new client_id and secret; replaces `shop/orders-ui`? (a renamed construct: declare `key: 'shop/orders-ui'` to keep that client)");
    expect(text).toContain('| `shop/orders-ui` | **removed** | deleted at the provider, exported secret deleted; replaced by `shop/orders-web`? |');
  });

  it('given declared values with pipes, backticks, mentions and HTML, when rendered, then each stays inside one code span and one cell', () => {
    const text = markdown([clientSpec({ host: developmentHost })], [clientSpec({ host: developmentHost, scopes: ['orders.read', 'a|b', '`x`', '@org/admins', '<img>'] })]);

    const row = text.split('\n').find((l) => l.startsWith('| `web` | scopes'));
    expect(row).toBe('| `web` | scopes | added `a\\|b`, `` `x` ``, `@org/admins`, `<img>` |');
  });

  it('given more changes than a comment holds, when rendered, then whole lines are cut and the rest is counted', () => {
    const many = Array.from({ length: 400 }, (_, i) => clientSpec({ key: `client-${String(i).padStart(3, '0')}`, host: developmentHost }));

    const text = markdown([], many, 5_000);

    expect(text.length).toBeLessThanOrEqual(5_000);
    const shown = text.split('\n').filter((l) => l.startsWith('| `client-')).length;
    expect(shown).toBeGreaterThan(10);
    expect(text).toContain(`_${400 - shown} more line(s) left out to fit a comment: run \`oauth-clients audit --format json\` for the full report._`);
  });
});
