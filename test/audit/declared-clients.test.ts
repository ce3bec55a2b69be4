// Reading the specs a synthesized cdktf.out will apply: both resource types, nothing else, and
// an invalid or duplicated spec stops the audit with the stack and resource named.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from '../../lib/audit/audit-error';
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
