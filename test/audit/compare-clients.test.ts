// What the comparison reports per host and client: additions, removals, every changed field,
// host settings once per host, and the rename a default key turns into removal + addition.
import { compareClients } from '../../lib/audit/compare-clients';
import { identityOf, type ClientSet, type DeclaredClient } from '../../lib/audit/declared-clients';
import { ClientSpecSchema, type ClientSpec } from '../../lib/model';
import { clientSpec, developmentHost, productionHost } from './fixtures/client-specs';

function clientSet(...specs: ClientSpec[]): ClientSet {
  return new Map(specs.map((spec): [string, DeclaredClient] => [identityOf(spec), { spec, stack: spec.stack, resource: `terraform_data.${spec.key.replace(/\W/g, '-')}` }]));
}

describe('comparing the clients of two revisions', () => {
  it('given equal clients, when compared, then there is nothing to report', () => {
    const clients = clientSet(clientSpec(), clientSpec({ key: 'dev-app', host: developmentHost }));

    expect(compareClients(clients, clients)).toEqual({ hosts: [], pairs: [] });
  });

  it('given a client on one host, when another is added and one removed, then each host lists them by key with what they are', () => {
    const base = clientSet(clientSpec({ key: 'legacy', removalPolicy: 'retain' }), clientSpec({ key: 'web' }));
    const head = clientSet(clientSpec({ key: 'web' }), clientSpec({ key: 'batch', grantTypes: ['client_credentials'], redirectUrls: [], scopes: ['orders.read', 'orders.write'] }));

    const { hosts } = compareClients(base, head);

    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({ name: 'prod', environment: 'production', changes: [] });
    expect(hosts[0].clients.map((c) => [c.key, c.status])).toEqual([
      ['batch', 'added'],
      ['legacy', 'removed'],
    ]);
    expect(hosts[0].clients[0]).toMatchObject({ summary: { grantTypes: ['client_credentials'], scopes: ['orders.read', 'orders.write'], secretExportPath: 'prod/batch' } });
    expect(hosts[0].clients[1]).toMatchObject({ summary: { removalPolicy: 'retain' } });
  });

  it('given a client, when lists and values change, then lists report what was added and removed and values report before and after', () => {
    const before = clientSpec({ scopes: ['a.read', 'b.read'], accessTokenLifetimeSeconds: 900, customClaims: { tier: 'gold' } });
    const after = clientSpec({ scopes: ['b.read', 'c.read'], customClaims: { tier: 'silver', team: ['x', 'y'] }, removalPolicy: 'retain' });

    const { hosts } = compareClients(clientSet(before), clientSet(after));

    expect(hosts[0].clients).toEqual([
      {
        status: 'changed',
        key: 'web',
        stack: 'team',
        resource: 'terraform_data.web',
        changes: [
          { kind: 'set', path: ['scopes'], added: ['c.read'], removed: ['a.read'] },
          { kind: 'value', path: ['accessTokenLifetimeSeconds'], before: 900, after: null },
          { kind: 'value', path: ['customClaims', 'team'], before: null, after: ['x', 'y'] },
          { kind: 'value', path: ['customClaims', 'tier'], before: 'gold', after: 'silver' },
          { kind: 'value', path: ['removalPolicy'], before: 'destroy', after: 'retain' },
        ],
      },
    ]);
  });

  it.each(Object.keys(ClientSpecSchema.shape).filter((field) => field !== 'key' && field !== 'host'))(
    'given a client, when only its %s changes, then the comparison reports that field',
    (field) => {
      const before = clientSpec({ description: 'Orders', accessTokenLifetimeSeconds: 900, policyUrl: 'https://a.example/p' });
      const after = { ...before, [field]: anotherValue((before as Record<string, unknown>)[field]) } as ClientSpec;

      const { hosts } = compareClients(clientSet(before), clientSet(after));

      const entry = hosts[0]?.clients[0];
      expect(entry?.status === 'changed' && entry.changes.map((c) => c.path[0])).toEqual([field]);
    },
  );

  it('given two clients of a host, when the host issuer changes, then it is reported once for the host and not per client', () => {
    const movedHost = { ...productionHost, issuer: 'https://login.example.com' };
    const base = clientSet(clientSpec({ key: 'a' }), clientSpec({ key: 'b' }));
    const head = clientSet(clientSpec({ key: 'a', host: movedHost }), clientSpec({ key: 'b', host: movedHost, scopes: ['orders.read', 'x.read'] }));

    const { hosts, pairs } = compareClients(base, head);

    expect(hosts[0].changes).toEqual([{ kind: 'value', path: ['issuer'], before: 'https://auth.example.com', after: 'https://login.example.com' }]);
    expect(hosts[0].clients.map((c) => c.status === 'changed' && c.changes.map((x) => x.path.join('.')))).toEqual([['scopes']]);
    // Both clients are re-applied, so both are looked at for flags.
    expect(pairs).toHaveLength(2);
  });

  it('given a client without an explicit key, when its construct is renamed, then it is a removal and an addition that point at each other', () => {
    const base = clientSet(clientSpec({ key: 'shop/orders-ui', clientName: 'orders-ui', secretExport: { path: 'prod/shop/orders-ui' } }));
    const head = clientSet(clientSpec({ key: 'shop/orders-web', clientName: 'orders-web', secretExport: { path: 'prod/shop/orders-web' } }));

    const { hosts, pairs } = compareClients(base, head);

    expect(hosts[0].clients).toEqual([
      expect.objectContaining({ status: 'removed', key: 'shop/orders-ui', likelyRenamedTo: 'shop/orders-web' }),
      expect.objectContaining({ status: 'added', key: 'shop/orders-web', likelyRenameOf: 'shop/orders-ui' }),
    ]);
    expect(pairs.find((p) => p.before)?.renamedTo).toBe('shop/orders-web');
  });

  it('given a removed and an added client that differ in more than names, when compared, then they are not called a rename', () => {
    const base = clientSet(clientSpec({ key: 'old' }));
    const head = clientSet(clientSpec({ key: 'new', scopes: ['orders.write'] }));

    const { hosts } = compareClients(base, head);

    expect(hosts[0].clients.map((c) => ('likelyRenameOf' in c ? c.likelyRenameOf : 'likelyRenamedTo' in c ? c.likelyRenamedTo : undefined))).toEqual([undefined, undefined]);
  });

  it('given the same key on two hosts, when one host drops it, then only that host reports a removal', () => {
    const base = clientSet(clientSpec({ key: 'app' }), clientSpec({ key: 'app', host: developmentHost }));
    const head = clientSet(clientSpec({ key: 'app', host: developmentHost }));

    const { hosts } = compareClients(base, head);

    expect(hosts.map((h) => [h.name, h.clients.map((c) => `${c.key} ${c.status}`)])).toEqual([['prod', ['app removed']]]);
  });
});

/** A value of the same shape that differs: enough for a comparison, which does not validate. */
function anotherValue(value: unknown): unknown {
  if (value === undefined) return 'set';
  if (typeof value === 'string') return `${value}-changed`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return [...value, 'extra'];
  return { ...(value as object), extra: 'x' };
}
