// Reading the specs a synthesized cdktf.out will apply: both resource types, nothing else, and
// an invalid or duplicated spec stops the audit with the stack and resource named.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from '../../lib/audit/audit-error';
import { buildReport } from '../../lib/audit/build-report';
import { readDeclaredClients } from '../../lib/audit/declared-clients';
import type { ClientSpec } from '../../lib/model';
import { clientSpec, developmentHost, validClientSpec } from './fixtures/client-specs';
import { scratchDirectory } from './fixtures/scratch-directory';
import { writeSynthesizedProject } from './fixtures/synthesized-output';

describe('reading declared clients from cdktf.out', () => {
  it('given stacks with terraform_data and null_resource clients and their reconcilers, when read, then every client and only clients come back, decoded', () => {
    const web = validClientSpec({ key: 'web', customClaims: {} });
    const tool = validClientSpec({ key: 'tool', host: developmentHost, redirectUrls: ['http://127.0.0.1:8080/cb'], scopes: ['a.read', 'b.read'], contacts: ['dev@example.com'] });
    const dir = writeSynthesizedProject(scratchDirectory(), { team: { clients: [web] }, tools: { clients: [tool], nullResource: true } });

    const clients = readDeclaredClients(join(dir, 'cdktf.out'));

    expect([...clients.values()].map((c) => [c.stack, c.resource, c.spec.key])).toEqual([
      ['team', 'terraform_data.web_0000ABCD', 'web'],
      ['tools', 'null_resource.tool_0000ABCD', 'tool'],
    ]);
    // The flat encoding is undone: lists, booleans and objects are values again, equal to the declared spec.
    expect([...clients.values()][1].spec).toEqual(tool);
  });

  it('given a provider-mode stack (oauthclients_client, CONTRACTS C1), when read, then its clients come back from `spec`', () => {
    const web = validClientSpec({ key: 'web' });
    const tool = validClientSpec({ key: 'tool', host: developmentHost, redirectUrls: ['http://127.0.0.1:8080/cb'] });
    const dir = writeSynthesizedProject(scratchDirectory(), { team: { clients: [web, tool], provider: true } });

    const clients = readDeclaredClients(join(dir, 'cdktf.out'));

    expect([...clients.values()].map((c) => [c.stack, c.resource, c.spec])).toEqual([
      ['team', 'oauthclients_client.web_0000ABCD', web],
      ['team', 'oauthclients_client.tool_0000ABCD', tool],
    ]);
  });

  it('given a stack switched from terraform_data to provider mode, when audited, then the switch itself is no change: only the scope added with it is reported', () => {
    const web = validClientSpec({ key: 'web' });
    const api = validClientSpec({ key: 'api', scopes: ['orders.read'] });
    const base = writeSynthesizedProject(scratchDirectory(), { team: { clients: [web, api] } });
    const head = writeSynthesizedProject(scratchDirectory(), { team: { clients: [web, { ...api, scopes: ['orders.read', 'orders.write'] }], provider: true } });

    const report = buildReport(
      { source: { kind: 'directory', label: 'base' }, clients: readDeclaredClients(join(base, 'cdktf.out'), { rules: false }) },
      { source: { kind: 'directory', label: 'head' }, clients: readDeclaredClients(join(head, 'cdktf.out')) },
    );

    expect(report.summary).toMatchObject({ clientsAdded: 0, clientsRemoved: 0, clientsChanged: 1 });
    expect(report.hosts.flatMap((h) => h.clients).map((c) => [c.key, c.status, c.resource])).toEqual([['api', 'changed', 'oauthclients_client.api_0000ABCD']]);
    expect(report.flags.map((f) => [f.code, f.subject])).toEqual([['scope-widened-production', 'orders.write']]);
  });

  it('given a spec the model refuses, when read, then the error names the stack, the resource and the field', () => {
    const invalid = clientSpec({ redirectUrls: ['http://app.example.com/cb'] });
    const dir = writeSynthesizedProject(scratchDirectory(), { team: { clients: [invalid] } });

    expect(() => readDeclaredClients(join(dir, 'cdktf.out'))).toThrow(/^stack team, terraform_data\.web_0000ABCD: not a valid client spec: redirectUrls\[0\]: must use https/);
  });

  it("given a spec that breaks today's rules but not the spec's shape, when read as the base, then it is read; as the head, then it is refused", () => {
    const olderRules = clientSpec({ redirectUrls: ['http://127.0.0.1:3000/cb'] });
    const dir = writeSynthesizedProject(scratchDirectory(), { team: { clients: [olderRules] } });

    expect([...readDeclaredClients(join(dir, 'cdktf.out'), { rules: false }).values()].map((c) => c.spec.redirectUrls)).toEqual([['http://127.0.0.1:3000/cb']]);
    expect(() => readDeclaredClients(join(dir, 'cdktf.out'))).toThrow(/redirectUrls\[0\]: loopback URLs are only accepted by development hosts/);
  });

  it('given a spec of an unknown version, when read as the base, then it is refused all the same', () => {
    const dir = writeSynthesizedProject(scratchDirectory(), { team: { clients: [{ ...clientSpec(), specVersion: 2 } as unknown as ClientSpec] } });

    expect(() => readDeclaredClients(join(dir, 'cdktf.out'), { rules: false })).toThrow(/not a valid client spec: specVersion/);
  });

  it('given template syntax declared in a scope and a description, when read, then the audit sees the literal Terraform hands the handler', () => {
    const literal = validClientSpec({ key: 'web', description: 'uses ${local.w} and %{ if x }y%{ endif }', host: { ...validClientSpec().host, scopes: ['${local.w}'] }, scopes: ['${local.w}'] });
    const dir = writeSynthesizedProject(scratchDirectory(), { team: { clients: [literal] }, tools: { clients: [{ ...literal, host: { ...literal.host, name: 'other' } }], nullResource: true } });

    const specs = [...readDeclaredClients(join(dir, 'cdktf.out')).values()].map((c) => c.spec);

    expect(specs.map((s) => [s.scopes, s.description])).toEqual([
      [['${local.w}'], 'uses ${local.w} and %{ if x }y%{ endif }'],
      [['${local.w}'], 'uses ${local.w} and %{ if x }y%{ endif }'],
    ]);
  });

  it('given a live interpolation in a cdk.tf.json (a hand edit), when read, then the audit refuses it as unresolved, naming the field', () => {
    const dir = writeSynthesizedProject(scratchDirectory(), { team: { clients: [validClientSpec({ key: 'web', host: { ...validClientSpec().host, scopes: ['orders.read', 'orders.write'] } })] } });
    const file = join(dir, 'cdktf.out', 'stacks', 'team', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.resource.terraform_data['web_0000ABCD'].triggers_replace.scopes = ['${local.w}'];
    writeFileSync(file, JSON.stringify(json));

    expect(() => readDeclaredClients(join(dir, 'cdktf.out'))).toThrow(/^stack team, terraform_data\.web_0000ABCD: unresolved: Terraform evaluates scopes\[0\]: \$\{local\.w\} at plan time/);
  });

  it('given the same host and key in two stacks, when read, then both places are named', () => {
    const dir = writeSynthesizedProject(scratchDirectory(), { a: { clients: [validClientSpec()] }, b: { clients: [validClientSpec()] } });

    expect(() => readDeclaredClients(join(dir, 'cdktf.out'))).toThrow("client 'web' of host 'prod' is declared twice: a/terraform_data.web_0000ABCD and b/terraform_data.web_0000ABCD");
  });

  it('given a directory without stacks or with broken JSON, when read, then an AuditError says which', () => {
    const empty = scratchDirectory();
    const broken = writeSynthesizedProject(scratchDirectory(), { team: { clients: [] } });
    writeFileSync(join(broken, 'cdktf.out', 'stacks', 'team', 'cdk.tf.json'), '{"resource":');

    expect(() => readDeclaredClients(empty)).toThrow(AuditError);
    expect(() => readDeclaredClients(empty)).toThrow(/no synthesized stacks/);
    expect(() => readDeclaredClients(join(broken, 'cdktf.out'))).toThrow(/cannot read .*team\/cdk\.tf\.json/);
  });
});
