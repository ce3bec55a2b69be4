// What a stack of OAuth clients synthesizes to in the provisioner modes (docs/design.md §3): one custom
// resource per client whose triggers are the canonical spec, create/destroy provisioners running
// the handler, and one reconciler per stack. Expected values are written out, not computed by the
// library under test. The provider mode (the default) has provider-mode.test.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// DataResource only names the type for the matchers (its tfResourceType is terraform_data): the
// library emits terraform_data without it.
import { DataResource, Testing, TerraformStack, type App } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest'; // the type declarations of Testing.setupJest()'s matchers
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { Host, OAuthClient, RedirectUrl, RemovalPolicy, type OAuthClientOptions } from '../../lib';
import { decodeFlatSpec, safeParseClientSpec } from '../../lib/model';
import {
  allResources,
  clientByKey,
  clientResources,
  issueLines,
  offlineTerraformEnv,
  projectApp as anyModeApp,
  reconcilers,
  witnesses,
  synthError,
  synthJson,
  type TerraformJson,
} from '../support/synth';

Testing.setupJest();

/** Every app of this file is in the terraform_data mode, unless a test's context says otherwise. */
const projectApp = (context: Record<string, unknown> = {}) => anyModeApp({ 'oauth-clients:resourceType': 'terraform_data', ...context });

// Synth checks the Terraform version (`terraform version`, once per stack); keep it offline.
let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = offlineTerraformEnv();
});
afterAll(() => restoreEnv());

const PROD_HOST = {
  name: 'prod',
  issuer: 'https://auth.example.com',
  flavour: 'rfc7591',
  environment: 'production',
  credentials: { initialAccessToken: 'PROD_IAT' },
  store: { kind: 'file', directory: '.oauth-clients/store', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' },
  // The host's declared scopes travel with each client, so the handler can refuse any other.
  scopes: ['orders.read', 'orders.write'],
};

const prodHost = (scope: Construct) =>
  new Host(scope, 'prod', {
    issuer: 'https://auth.example.com',
    credentials: { initialAccessToken: 'PROD_IAT' },
    scopes: { 'orders.read': { description: 'Read orders' }, 'orders.write': { description: 'Change orders' } },
  });

/** The local development host, offering one scope: an rfc7591 client must ask for at least one. */
const devHost = (scope: Construct) => Host.localDevelopment(scope, 'dev', { scopes: { 'orders.read': { description: 'Read orders' } } });

const scopeOf = (host: Host, name: string) => {
  const found = host.scopes.find((s) => s.name === name);
  if (!found) throw new Error(`fixture: ${host.name} has no scope ${name}`);
  return found;
};

/** What every client of these fixtures asks for unless a test says otherwise. */
const readScope = (host: Host) => ({ scopes: [scopeOf(host, 'orders.read')] });

/** A stack `stack` in an app laid out like the project (outdir `<project>/cdktf.out`). */
function givenStack(app: App = projectApp()): TerraformStack {
  return new TerraformStack(app, 'stack');
}

/** One client `web` on the production host, declared with its orders.read scope and `options`; the stack's JSON. */
function synthOneClient(options: OAuthClientOptions, app?: App): TerraformJson {
  const stack = givenStack(app);
  const host = prodHost(stack);
  new OAuthClient(stack, 'web', { host, ...readScope(host), ...options });
  return synthJson(stack);
}

const specOf = (json: TerraformJson, key: string) => clientByKey(json, key).body.triggers_replace;

describe('a client synthesizes to one terraform_data whose triggers_replace is the canonical spec', () => {
  test('given a confidential client declaring only a scope and a redirect URL, then every default is applied and spelled out', () => {
    const json = synthOneClient({ redirectUrls: ['https://app.example.com/auth'] });

    expect(JSON.stringify(json)).toHaveResourceWithProperties(DataResource, {
      triggers_replace: {
        specVersion: 1,
        key: 'stack/web',
        stack: 'stack',
        host: PROD_HOST,
        clientName: 'web',
        grantTypes: ['authorization_code'],
        requirePkce: true,
        publicClient: false,
        tokenEndpointAuthMethod: 'client_secret_basic',
        applicationType: 'web',
        scopes: ['orders.read'],
        redirectUrls: ['https://app.example.com/auth'],
        postLogoutRedirectUrls: [],
        contacts: [],
        customClaims: {},
        removalPolicy: 'destroy',
        secretExport: { path: 'prod/stack/web' },
      },
    });
  });

  test('given a public client, then it authenticates with none and keeps PKCE on', () => {
    const json = synthOneClient({ publicClient: true, redirectUrls: ['https://app.example.com/auth'] });

    expect(specOf(json, 'stack/web')).toMatchObject({ publicClient: true, tokenEndpointAuthMethod: 'none', requirePkce: true, grantTypes: ['authorization_code'] });
  });

  test('given lists out of order and with repeats, then the spec holds them sorted and de-duplicated', () => {
    const stack = givenStack();
    const host = prodHost(stack);
    const [read, write] = [scopeOf(host, 'orders.read'), scopeOf(host, 'orders.write')];
    new OAuthClient(stack, 'web', {
      host,
      flows: { clientCredentials: true, authorizationCode: true, refreshToken: true },
      scopes: [write, read, write],
      redirectUrls: ['https://b.example.com/cb', 'https://a.example.com/cb', 'https://b.example.com/cb'],
      postLogoutRedirectUrls: ['https://b.example.com/', 'https://a.example.com/', 'https://a.example.com/'],
      contacts: ['zoe@example.com', 'al@example.com', 'zoe@example.com'],
    });

    expect(specOf(synthJson(stack), 'stack/web')).toMatchObject({
      grantTypes: ['authorization_code', 'client_credentials', 'refresh_token'],
      scopes: ['orders.read', 'orders.write'],
      redirectUrls: ['https://a.example.com/cb', 'https://b.example.com/cb'],
      postLogoutRedirectUrls: ['https://a.example.com/', 'https://b.example.com/'],
      contacts: ['al@example.com', 'zoe@example.com'],
    });
  });

  test('given a client-credentials client, then authorization code is not implied and it has no redirect URL', () => {
    const json = synthOneClient({ flows: { clientCredentials: true } });

    expect(specOf(json, 'stack/web')).toMatchObject({ grantTypes: ['client_credentials'], redirectUrls: [], tokenEndpointAuthMethod: 'client_secret_basic' });
  });

  test('given flows that turn client credentials off and name nothing else, then the default authorization-code flow stays', () => {
    const json = synthOneClient({ flows: { clientCredentials: false }, redirectUrls: ['https://app.example.com/auth'] });

    expect(specOf(json, 'stack/web')).toMatchObject({ grantTypes: ['authorization_code'], requirePkce: true, redirectUrls: ['https://app.example.com/auth'] });
  });

  test('given a client nested in a construct, then its key and export path are its construct path', () => {
    const stack = givenStack();
    const team = new Construct(stack, 'team-a');
    const host = prodHost(stack);
    new OAuthClient(team, 'web', { host, ...readScope(host), redirectUrls: ['https://app.example.com/auth'] });

    expect(specOf(synthJson(stack), 'stack/team-a/web')).toMatchObject({ key: 'stack/team-a/web', secretExport: { path: 'prod/stack/team-a/web' } });
  });

  test('given an explicit key, then the key and the default export path use it, not the construct path', () => {
    const json = synthOneClient({ key: 'tstapp/web', redirectUrls: ['https://app.example.com/auth'] });

    expect(specOf(json, 'tstapp/web')).toMatchObject({ key: 'tstapp/web', secretExport: { path: 'prod/tstapp/web' } });
    expect(JSON.stringify(json)).not.toContain('stack/web');
  });

  test('given an explicit export path and the other optional fields, then they travel unchanged', () => {
    const json = synthOneClient({
      clientName: 'Orders',
      description: 'The orders web app',
      secretExport: { path: 'teams/orders/web' },
      redirectUrls: [RedirectUrl.https('https://app.example.com/auth')],
      policyUrl: 'https://app.example.com/privacy',
      termsOfServiceUrl: 'https://app.example.com/terms',
      logoUrl: 'https://app.example.com/logo.png',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    expect(specOf(json, 'stack/web')).toMatchObject({
      clientName: 'Orders',
      description: 'The orders web app',
      secretExport: { path: 'teams/orders/web' },
      policyUrl: 'https://app.example.com/privacy',
      termsOfServiceUrl: 'https://app.example.com/terms',
      logoUrl: 'https://app.example.com/logo.png',
      removalPolicy: 'retain',
    });
  });

  test('given a private-use scheme redirect, then applicationType defaults to native', () => {
    const json = synthOneClient({ publicClient: true, redirectUrls: [RedirectUrl.privateUse('com.example.app:/callback')] });

    expect(specOf(json, 'stack/web')).toMatchObject({ applicationType: 'native', redirectUrls: ['com.example.app:/callback'] });
  });

  test('given a development host, then a loopback redirect keeps its exact string and the host spec says development', () => {
    const stack = givenStack();
    const dev = devHost(stack);
    new OAuthClient(stack, 'spa', { host: dev, ...readScope(dev), publicClient: true, redirectUrls: [RedirectUrl.loopback(3005, { path: 'auth' })] });

    expect(specOf(synthJson(stack), 'stack/spa')).toMatchObject({
      redirectUrls: ['http://127.0.0.1:3005/auth'],
      host: { name: 'dev', issuer: 'http://127.0.0.1:9400', environment: 'development', credentials: { initialAccessToken: 'OAUTH_CLIENTS_DEV_IAT' } },
    });
  });

  test('given two clients, then there are exactly two client resources, one reconciler and one witness, nothing else', () => {
    const stack = givenStack();
    const host = prodHost(stack);
    new OAuthClient(stack, 'web', { host, ...readScope(host), redirectUrls: ['https://app.example.com/auth'] });
    new OAuthClient(stack, 'job', { host, ...readScope(host), flows: { clientCredentials: true } });
    const json = synthJson(stack);

    expect(clientResources(json).map((r) => r.type)).toEqual(['terraform_data', 'terraform_data']);
    expect(reconcilers(json)).toHaveLength(1);
    expect(witnesses(json)).toHaveLength(1);
    expect(allResources(json)).toHaveLength(4);
    expect(json.provider).toBeUndefined();
    expect(json.terraform?.required_providers).toBeUndefined();
  });
});

describe('a client resource runs the handler through its provisioners', () => {
  const environment = {
    OAUTH_CLIENT_SPEC: '${jsonencode(self.triggers_replace)}',
    OAUTH_CLIENT_INSTANCE: '${self.id}',
    OAUTH_CLIENTS_PROJECT_ROOT: '../../..',
    // the stack witness's id, which the resource carries in `input` (a destroy provisioner may read only self)
    OAUTH_CLIENTS_STACK_WITNESS: '${self.input}',
  };

  test('given a client in a project whose outdir is cdktf.out, then apply at create, destroy at destroy, both relative to the stack directory', () => {
    const json = synthOneClient({ redirectUrls: ['https://app.example.com/auth'] });

    expect(JSON.stringify(json)).toHaveResourceWithProperties(DataResource, {
      input: '${terraform_data.OAuthClientsReconciler_Witness_0F036AB9.id}',
      lifecycle: { create_before_destroy: true },
      provisioner: [
        { 'local-exec': { command: 'node ../../../dist/oauth-clients-handler.cjs handle apply', environment } },
        { 'local-exec': { command: 'node ../../../dist/oauth-clients-handler.cjs handle destroy', when: 'destroy', environment } },
      ],
    });
  });

  test('given the handlerCommand context, then the provisioners run that command instead', () => {
    const json = synthOneClient({ redirectUrls: ['https://app.example.com/auth'] }, projectApp({ 'oauth-clients:handlerCommand': 'npx oauth-clients' }));

    const commands = clientByKey(json, 'stack/web').body.provisioner?.map((p) => p['local-exec'].command);
    expect(commands).toEqual(['npx oauth-clients handle apply', 'npx oauth-clients handle destroy']);
  });
});

describe('each stack with clients has exactly one reconciler', () => {
  test('given clients on two hosts, then the reconciler lists every host/key sorted, depends on every client resource and runs prune', () => {
    const stack = givenStack();
    const prod = prodHost(stack);
    const dev = devHost(stack);
    new OAuthClient(stack, 'web', { host: prod, ...readScope(prod), key: 'zeta/web', redirectUrls: ['https://app.example.com/auth'] });
    new OAuthClient(stack, 'job', { host: prod, ...readScope(prod), flows: { clientCredentials: true } });
    new OAuthClient(stack, 'spa', { host: dev, ...readScope(dev), publicClient: true, redirectUrls: [RedirectUrl.loopback(3000)] });
    const json = synthJson(stack);

    const [reconciler, ...others] = reconcilers(json);
    expect(others).toEqual([]);
    expect(reconciler.type).toBe('terraform_data');
    expect(reconciler.body.triggers_replace).toEqual({
      stack: 'stack',
      clients: ['dev/stack/spa', 'prod/stack/job', 'prod/zeta/web'],
      stores: [{ kind: 'file', directory: '.oauth-clients/store', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }],
    });
    expect([...(reconciler.body.depends_on ?? [])].sort()).toEqual(clientResources(json).map((r) => r.address).sort());
    expect(reconciler.body.depends_on).toHaveLength(3);
    expect(reconciler.body.provisioner).toEqual([
      {
        'local-exec': {
          command: 'node ../../../dist/oauth-clients-handler.cjs handle prune',
          environment: {
            OAUTH_CLIENTS_PRUNE: '${jsonencode(self.triggers_replace)}',
            OAUTH_CLIENTS_PROJECT_ROOT: '../../..',
            OAUTH_CLIENTS_STACK_WITNESS: '${terraform_data.OAuthClientsReconciler_Witness_0F036AB9.id}',
          },
        },
      },
    ]);
  });

  test('given hosts with different stores, then the reconciler names each store once', () => {
    const stack = givenStack();
    const scopes = { 'orders.read': { description: 'Read orders' } };
    const a = new Host(stack, 'a', { issuer: 'https://a.example.com', credentials: { initialAccessToken: 'A_IAT' }, store: { kind: 'file', directory: 'secrets/a' }, scopes });
    const b = new Host(stack, 'b', { issuer: 'https://b.example.com', credentials: { initialAccessToken: 'B_IAT' }, scopes });
    new OAuthClient(stack, 'one', { host: a, ...readScope(a), flows: { clientCredentials: true } });
    new OAuthClient(stack, 'two', { host: a, ...readScope(a), flows: { clientCredentials: true } });
    new OAuthClient(stack, 'three', { host: b, ...readScope(b), flows: { clientCredentials: true } });

    const stores = reconcilers(synthJson(stack))[0].body.triggers_replace?.stores;
    expect(stores).toHaveLength(2);
    expect(stores).toEqual(
      expect.arrayContaining([
        { kind: 'file', directory: 'secrets/a', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' },
        { kind: 'file', directory: '.oauth-clients/store', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' },
      ]),
    );
  });

  test('given two hosts naming the same store directory spelt differently, then the reconciler names it once, spelt one way', () => {
    const stack = givenStack();
    const scopes = { 'orders.read': { description: 'Read orders' } };
    const a = new Host(stack, 'a', { issuer: 'https://a.example.com', credentials: { initialAccessToken: 'A_IAT' }, store: { kind: 'file', directory: './secrets//a/' }, scopes });
    const b = new Host(stack, 'b', { issuer: 'https://b.example.com', credentials: { initialAccessToken: 'B_IAT' }, store: { kind: 'file', directory: 'secrets/a' }, scopes });
    new OAuthClient(stack, 'one', { host: a, ...readScope(a), flows: { clientCredentials: true } });
    new OAuthClient(stack, 'two', { host: b, ...readScope(b), flows: { clientCredentials: true } });

    const json = synthJson(stack);
    expect(reconcilers(json)[0].body.triggers_replace?.stores).toEqual([{ kind: 'file', directory: 'secrets/a', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }]);
    expect(JSON.stringify(json)).not.toContain('./secrets');
  });

  test('given a stack with a host and scopes but no client, then its only resources are a reconciler with nothing declared, which prunes what the stack had, and the stack witness', () => {
    // Not Testing.synthScope: its Testing.app() leaves a cdktf.outdir.* directory in the temp dir on every run.
    // The reconciler outlives the last client: deleting it from the code must still delete it at the provider.
    const stack = givenStack();
    prodHost(stack);

    const resources = synthJson(stack).resource as Record<string, Record<string, { triggers_replace: unknown }>>;
    expect(Object.keys(resources)).toEqual(['terraform_data']);
    expect(Object.values(resources.terraform_data).map((r) => r.triggers_replace)).toEqual([
      { stack: 'stack', clients: [], stores: [{ kind: 'file', directory: '.oauth-clients/store', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }] },
      { stack: 'stack', stores: [{ kind: 'file', directory: '.oauth-clients/store', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }] },
    ]);
  });

  test('given a host at the app root serving clients in two stacks, then each stack holds only its clients and its own reconciler', () => {
    const app = projectApp();
    const host = prodHost(app);
    const teamA = new TerraformStack(app, 'team-a');
    const teamB = new TerraformStack(app, 'team-b');
    new OAuthClient(teamA, 'web', { host, ...readScope(host), redirectUrls: ['https://a.example.com/auth'] });
    new OAuthClient(teamB, 'web', { host, ...readScope(host), redirectUrls: ['https://b.example.com/auth'] });
    new OAuthClient(teamB, 'job', { host, ...readScope(host), flows: { clientCredentials: true } });
    const [a, b] = [synthJson(teamA), synthJson(teamB)];

    expect(clientResources(a).map((r) => r.body.triggers_replace?.key)).toEqual(['team-a/web']);
    expect(clientResources(b).map((r) => r.body.triggers_replace?.key).sort()).toEqual(['team-b/job', 'team-b/web']);
    expect(reconcilers(a).map((r) => r.body.triggers_replace)).toEqual([expect.objectContaining({ stack: 'team-a', clients: ['prod/team-a/web'] })]);
    expect(reconcilers(b).map((r) => r.body.triggers_replace)).toEqual([expect.objectContaining({ stack: 'team-b', clients: ['prod/team-b/job', 'prod/team-b/web'] })]);
    expect(specOf(a, 'team-a/web')).toMatchObject({ stack: 'team-a', host: PROD_HOST });
  });
});

describe('null_resource mode carries the same spec as a flat string map', () => {
  const declare = (stack: TerraformStack, resourceType?: 'null_resource') => {
    const host = prodHost(stack);
    new OAuthClient(stack, 'web', {
      host,
      ...(resourceType ? { resourceType } : {}),
      scopes: [scopeOf(host, 'orders.write'), scopeOf(host, 'orders.read')],
      redirectUrls: ['https://b.example.com/cb', 'https://a.example.com/cb'],
      contacts: ['ops@example.com'],
      description: 'Orders: the web app',
    });
  };
  const structuredSpec = () => {
    const stack = givenStack();
    declare(stack);
    return specOf(synthJson(stack), 'stack/web');
  };

  function expectNullResourceClient(json: TerraformJson) {
    const [client, ...others] = clientResources(json);
    expect(others).toEqual([]);
    expect(client.type).toBe('null_resource');
    expect(client.body.triggers_replace).toBeUndefined();
    const triggers = client.body.triggers ?? {};
    expect(Object.values(triggers).every((value) => typeof value === 'string')).toBe(true);
    expect(triggers).toMatchObject({ key: 'stack/web', clientName: 'web', redirectUrls: '["https://a.example.com/cb","https://b.example.com/cb"]' });

    const decoded = safeParseClientSpec(decodeFlatSpec(triggers));
    expect(decoded).toEqual({ ok: true, spec: structuredSpec() });

    const environment = { OAUTH_CLIENT_SPEC: '${jsonencode(self.triggers)}', OAUTH_CLIENT_SPEC_ENCODING: 'flat', OAUTH_CLIENT_INSTANCE: '${self.id}', OAUTH_CLIENTS_PROJECT_ROOT: '../../..' };
    // null_resource has no attribute to carry the witness: only the create-time provisioner names it
    const applyEnvironment = { ...environment, OAUTH_CLIENTS_STACK_WITNESS: '${terraform_data.OAuthClientsReconciler_Witness_0F036AB9.id}' };
    expect(JSON.stringify(json)).toHaveResourceWithProperties(NullResource, {
      lifecycle: { create_before_destroy: true },
      provisioner: [
        { 'local-exec': { command: 'node ../../../dist/oauth-clients-handler.cjs handle apply', environment: applyEnvironment } },
        { 'local-exec': { command: 'node ../../../dist/oauth-clients-handler.cjs handle destroy', when: 'destroy', environment } },
      ],
    });
    expect(JSON.stringify(json)).toHaveProvider(NullProvider);
    expect(json.terraform?.required_providers?.null).toMatchObject({ source: expect.stringMatching(/^(hashicorp\/)?null$/) });
    expect(reconcilers(json)[0].body.depends_on).toEqual([client.address]);
  }

  test('given resourceType null_resource on the client, then a null_resource decodes back to the structured spec, with the null provider', () => {
    const stack = givenStack();
    declare(stack, 'null_resource');

    expectNullResourceClient(synthJson(stack));
  });

  test('given the oauth-clients:resourceType context, then every client is a null_resource', () => {
    const stack = givenStack(projectApp({ 'oauth-clients:resourceType': 'null_resource' }));
    declare(stack);

    expectNullResourceClient(synthJson(stack));
  });

  test('given two null_resource clients, then the null provider is declared once', () => {
    const stack = givenStack(projectApp({ 'oauth-clients:resourceType': 'null_resource' }));
    const host = prodHost(stack);
    new OAuthClient(stack, 'one', { host, ...readScope(host), flows: { clientCredentials: true } });
    new OAuthClient(stack, 'two', { host, ...readScope(host), flows: { clientCredentials: true } });

    expect(synthJson(stack).provider).toEqual({ null: [{}] });
  });
});

describe('terraform validate accepts the synthesized stack (terraform_data needs no provider download)', () => {
  let outdir: string | undefined;
  afterAll(() => {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('given clients of every shape and a reconciler, when Terraform validates the stack, then it is valid', () => {
    const stack = givenStack();
    const prod = prodHost(stack);
    const dev = devHost(stack);
    new OAuthClient(stack, 'web', { host: prod, flows: { refreshToken: true }, scopes: [scopeOf(prod, 'orders.read')], redirectUrls: ['https://app.example.com/auth'] });
    new OAuthClient(stack, 'job', { host: prod, flows: { clientCredentials: true }, scopes: [scopeOf(prod, 'orders.write')] });
    new OAuthClient(stack, 'spa', { host: dev, ...readScope(dev), publicClient: true, redirectUrls: [RedirectUrl.loopback(3000)] });
    new OAuthClient(stack, 'app', { host: dev, ...readScope(dev), publicClient: true, redirectUrls: [RedirectUrl.privateUse('com.example.app:/cb')] });

    outdir = Testing.fullSynth(stack);

    expect(outdir).toBeValidTerraform();
  });
});

describe('terraform_data needs Terraform >= 1.4: synth asks Terraform its version once per stack', () => {
  /**
   * Runs `synth` with a `terraform` first on the PATH that answers `Terraform v<version>` and logs its
   * arguments (the PATH reaches cdktf's check through offlineTerraformEnv).
   */
  function withTerraform<T>(version: string, synth: () => T): { result: T; calls: string[] } {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'oauth-clients-fake-terraform-'));
    const log = path.join(bin, 'calls.log');
    fs.writeFileSync(path.join(bin, 'terraform'), `#!/bin/sh\necho "$*" >> '${log}'\necho 'Terraform v${version}'\necho 'on linux_amd64'\n`, { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
    try {
      const result = synth();
      return { result, calls: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [] };
    } finally {
      process.env.PATH = savedPath;
      fs.rmSync(bin, { recursive: true, force: true });
    }
  }

  const declareThreeClients = (stack: TerraformStack) => {
    const host = prodHost(stack);
    for (const id of ['one', 'two', 'three']) new OAuthClient(stack, id, { host, ...readScope(host), flows: { clientCredentials: true } });
  };

  test('given a stack of three clients and its reconciler, when synthesized, then Terraform is asked its version once', () => {
    const stack = givenStack();
    declareThreeClients(stack);

    const { result: json, calls } = withTerraform('1.9.8', () => synthJson(stack));

    expect(allResources(json).filter((r) => r.type === 'terraform_data')).toHaveLength(5);
    expect(calls).toEqual(['version']);
  });

  test('given two stacks, when each is synthesized, then Terraform is asked once for each', () => {
    const app = projectApp();
    const host = prodHost(app);
    const stacks = [new TerraformStack(app, 'team-a'), new TerraformStack(app, 'team-b')];
    for (const stack of stacks) new OAuthClient(stack, 'job', { host, ...readScope(host), flows: { clientCredentials: true } });

    const { calls } = withTerraform('1.9.8', () => stacks.map((stack) => synthJson(stack)));

    expect(calls).toEqual(['version', 'version']);
  });

  test('given Terraform 1.3 on the PATH, then synth refuses the stack once, saying what terraform_data needs', () => {
    const stack = givenStack();
    declareThreeClients(stack);

    const { result: message } = withTerraform('1.3.9', () => synthError(stack));

    expect(issueLines(message)).toEqual([expect.stringMatching(/^\[stack\] .*1\.3\.9 is lower than the required version >=1\.4.*terraform_data needs Terraform >= 1\.4/)]);
  });
});

describe('what the synthesized JSON never holds', () => {
  test('given credentials and store keys present in the environment, then neither their values nor a secret-looking field appear', () => {
    const sentinels = { PROD_IAT: 'iat-value-6b1f0e', OAUTH_CLIENTS_DEV_IAT: 'dev-iat-value-93ac2d', OAUTH_CLIENTS_STORE_KEY: 'store-key-value-4d77aa' };
    const saved = Object.fromEntries(Object.keys(sentinels).map((name) => [name, process.env[name]]));
    Object.assign(process.env, sentinels);
    let text: string;
    try {
      const stack = givenStack();
      const prod = prodHost(stack);
      const dev = devHost(stack);
      new OAuthClient(stack, 'web', { host: prod, ...readScope(prod), redirectUrls: ['https://app.example.com/auth'] });
      new OAuthClient(stack, 'job', { host: prod, ...readScope(prod), flows: { clientCredentials: true } });
      new OAuthClient(stack, 'spa', { host: dev, ...readScope(dev), publicClient: true, redirectUrls: [RedirectUrl.loopback(3000)] });
      text = Testing.synth(stack, true);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }

    for (const value of Object.values(sentinels)) expect(text).not.toContain(value);
    const secretLooking = /^(client_?secret|secret|password|passwd|private_?key|access_?token|refresh_?token|registration_?access_?token|api_?key)$/i;
    expect(objectKeys(JSON.parse(text)).filter((key) => secretLooking.test(key))).toEqual([]);
    const credentialNames = clientResources(JSON.parse(text) as TerraformJson).flatMap((r) => Object.values((r.body.triggers_replace?.host as { credentials: Record<string, string> }).credentials));
    expect(credentialNames.sort()).toEqual(['OAUTH_CLIENTS_DEV_IAT', 'PROD_IAT', 'PROD_IAT']);
  });

  test('given the same app twice with one client changed, then only that client resource differs', () => {
    const build = (webRedirect: string) => {
      const stack = givenStack();
      const host = prodHost(stack);
      new OAuthClient(stack, 'web', { host, ...readScope(host), redirectUrls: [webRedirect] });
      new OAuthClient(stack, 'other', { host, ...readScope(host), redirectUrls: ['https://other.example.com/auth'] });
      return synthJson(stack);
    };
    const before = build('https://app.example.com/auth');
    const after = build('https://app.example.com/callback');

    expect(specOf(after, 'stack/web')).not.toEqual(specOf(before, 'stack/web'));
    expect(specOf(after, 'stack/web')).toEqual({ ...specOf(before, 'stack/web'), redirectUrls: ['https://app.example.com/callback'] });
    expect(clientByKey(after, 'stack/other')).toEqual(clientByKey(before, 'stack/other'));
    expect(reconcilers(after)).toEqual(reconcilers(before));
    expect(allResources(after).map((r) => r.address)).toEqual(allResources(before).map((r) => r.address));
  });
});

function objectKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(objectKeys);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...objectKeys(inner)]);
  return [];
}
