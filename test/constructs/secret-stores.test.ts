// Choosing stores in code (issue 10 item 1): the SecretStore factories, a separate ledger store,
// app-wide defaults, and what reaches the synthesized JSON (names of env vars, never values).
import { TerraformStack } from 'cdktf';
import { Host, HostDefaults, OAuthClient, SecretStore } from '../../lib';
import { clientByKey, issueLines, projectApp, reconcilers, synthError, synthJson } from '../support/synth';

const ISSUER = 'https://auth.example.com';
const credentials = { initialAccessToken: 'AUTH_IAT' };

/** In the provisioner mode, whose resources carry the spec as `triggers_replace` and which has the reconciler. */
function stackWithClient(configure: (stack: TerraformStack) => Host): { stack: TerraformStack } {
  const app = projectApp({ 'oauth-clients:resourceType': 'terraform_data' });
  const stack = new TerraformStack(app, 'stack');
  const host = configure(stack);
  const read = host.addScope('data.read', { description: 'Read data' });
  new OAuthClient(stack, 'svc', { host, flows: { authorizationCode: false, clientCredentials: true }, scopes: [read] });
  return { stack };
}

describe('SecretStore factories', () => {
  it('each factory gives the spec the handler opens, with every default spelt out and only env-var NAMES', () => {
    const cases = [
      [SecretStore.file(), { kind: 'file', directory: '.oauth-clients/store', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }],
      [SecretStore.postgres({ connectionStringEnv: 'TF_PG_CONN' }), { kind: 'postgres', connectionStringEnv: 'TF_PG_CONN', table: 'oauth_clients_store', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }],
      [
        SecretStore.vault({ address: 'https://vault.example.com:8200', namespace: 'team-a' }),
        { kind: 'vault', address: 'https://vault.example.com:8200', mount: 'secret', pathPrefix: 'oauth-clients', tokenEnv: 'VAULT_TOKEN', namespace: 'team-a' },
      ],
      [SecretStore.awsSecretsManager({ region: 'eu-central-1', recoveryWindowDays: 7 }), { kind: 'aws-secrets-manager', region: 'eu-central-1', prefix: 'oauth-clients', recoveryWindowDays: 7 }],
      [SecretStore.pass(), { kind: 'pass', prefix: 'oauth-clients' }],
    ] as const;
    for (const [store, expected] of cases) {
      const { stack } = stackWithClient((s) => new Host(s, 'auth', { issuer: ISSUER, credentials, store }));
      const spec = clientByKey(synthJson(stack), 'stack/svc').body.triggers_replace as { host: { store: unknown; ledgerStore?: unknown } };
      expect(spec.host.store).toEqual(expected);
      expect(spec.host.ledgerStore).toBeUndefined();
    }
  });

  it('the ledger may live in another store: one declaration, the spec says both, and the reconciler prunes from the ledger store', () => {
    const { stack } = stackWithClient(
      (s) => new Host(s, 'auth', { issuer: ISSUER, credentials, store: SecretStore.vault({ address: 'https://vault.example.com' }), ledgerStore: SecretStore.postgres({ connectionStringEnv: 'TF_PG_CONN' }) }),
    );
    const json = synthJson(stack);
    const spec = clientByKey(json, 'stack/svc').body.triggers_replace as { host: { store: { kind: string }; ledgerStore: { kind: string } } };
    expect([spec.host.store.kind, spec.host.ledgerStore.kind]).toEqual(['vault', 'postgres']);
    const prune = reconcilers(json)[0].body.triggers_replace as { stores: { kind: string }[] };
    expect(prune.stores.map((s) => s.kind)).toEqual(['postgres']);
  });

  it('HostDefaults set the stores of every host of the app that names none; a host that names its own keeps it', () => {
    const app = projectApp();
    HostDefaults.set(app, { store: SecretStore.vault({ address: 'https://vault.example.com' }), ledgerStore: SecretStore.postgres({ connectionStringEnv: 'TF_PG_CONN' }) });
    const stack = new TerraformStack(app, 'stack');
    const plain = new Host(stack, 'plain', { issuer: ISSUER, credentials });
    const own = new Host(stack, 'own', { issuer: ISSUER, credentials, store: SecretStore.pass() });
    expect([plain.spec.store.kind, plain.spec.ledgerStore?.kind]).toEqual(['vault', 'postgres']);
    expect([own.spec.store.kind, own.spec.ledgerStore?.kind]).toEqual(['pass', 'postgres']);
  });

  it('a ledger store equal to the store is left out, so the spec (and its hash) of existing clients does not change', () => {
    const host = new Host(new TerraformStack(projectApp(), 'stack'), 'auth', { issuer: ISSUER, credentials, store: SecretStore.file(), ledgerStore: SecretStore.file({ directory: './.oauth-clients/store/' }) });
    expect(host.spec.ledgerStore).toBeUndefined();
  });

  it('invalid store settings are reported at synth with the construct path and field', () => {
    const { stack } = stackWithClient(
      (s) => new Host(s, 'auth', { issuer: ISSUER, credentials, store: SecretStore.vault({ address: 'http://vault.example.com', tokenEnv: 'vault token' }), ledgerStore: SecretStore.postgres({ connectionStringEnv: 'TF_PG', table: 'Bad-Name' }) }),
    );
    const lines = issueLines(synthError(stack));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[stack\/auth\] store\.address: must be an https URL/),
        expect.stringMatching(/^\[stack\/auth\] store\.tokenEnv: /),
        expect.stringMatching(/^\[stack\/auth\] ledgerStore\.table: must be 'table' or 'schema\.table'/),
      ]),
    );
  });
});
