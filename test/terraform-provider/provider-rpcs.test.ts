// The provider's RPC handlers on their own, with Terraform's wire values (msgpack, unknowns as
// extensions 0 and 12): what plan, validate and upgrade answer. The end-to-end tests run them
// under the real Terraform; these pin the cases a run does not show every time.
import { X509Certificate } from 'node:crypto';
import { TerraformStack } from 'cdktf';
import { Host, OAuthClient, type ClientSpec } from '../../lib';
import { planResourceChange } from '../../lib/terraform-provider/plan-change';
import { decodeMsgpack, dynamicOf, encodeMsgpack, fromDynamic, Unknown } from '../../lib/terraform-provider/private/cty-msgpack';
import { serverCertificate } from '../../lib/terraform-provider/private/server-certificate';
import { decodeClientObject } from '../../lib/terraform-provider/resource-state';
import { upgradeResourceState } from '../../lib/terraform-provider/upgrade-state';
import { validateResourceConfig } from '../../lib/terraform-provider/validate-config';
import { projectApp } from '../support/synth';

function declaredSpec(overrides: { key?: string; redirect?: string; scopes?: string[] } = {}): ClientSpec {
  const app = projectApp(); // never synthesized: only the client's spec is read
  const stack = new TerraformStack(app, 'stack');
  const host = new Host(stack, 'prod', { issuer: 'https://auth.example.com', credentials: { initialAccessToken: 'PROD_IAT' }, scopes: { 'orders.read': { description: 'r' }, 'orders.write': { description: 'w' } } });
  const client = new OAuthClient(stack, 'web', {
    host,
    ...(overrides.key ? { key: overrides.key } : {}),
    scopes: host.scopes.filter((s) => (overrides.scopes ?? ['orders.read']).includes(s.name)),
    redirectUrls: [overrides.redirect ?? 'https://app.example.com/auth'],
  });
  return JSON.parse(JSON.stringify(client.spec)) as ClientSpec;
}

/** A resource object as Terraform sends it. */
const wire = (spec: unknown, clientId: unknown = null, id: unknown = null) => ({ msgpack: encodeMsgpack({ client_id: clientId, id, spec: fromDynamic(dynamicOf(spec)) }) });
const planned = (response: object) => decodeClientObject((response as { planned_state: { msgpack: Buffer } }).planned_state)!;

describe('plan', () => {
  test('given a new client, then client_id is unknown until apply and id is the host name and key', () => {
    const response = planResourceChange({ prior_state: undefined, proposed_new_state: wire(declaredSpec()) });

    expect(planned(response).client_id).toBeInstanceOf(Unknown);
    expect(planned(response).id).toBe('prod/stack/web');
    expect((response as { requires_replace: unknown[] }).requires_replace).toEqual([]);
  });

  test('given a scope change, then it is an update in place keeping the client_id', () => {
    const response = planResourceChange({ prior_state: wire(declaredSpec(), 'abc', 'prod/stack/web'), proposed_new_state: wire(declaredSpec({ scopes: ['orders.read', 'orders.write'] })) });

    expect(planned(response)).toMatchObject({ client_id: 'abc', id: 'prod/stack/web' });
    expect((response as { requires_replace: unknown[] }).requires_replace).toEqual([]);
  });

  test('given a new key, then the client is replaced: another client, its client_id unknown', () => {
    const response = planResourceChange({ prior_state: wire(declaredSpec(), 'abc', 'prod/stack/web'), proposed_new_state: wire(declaredSpec({ key: 'renamed' })) });

    expect((response as { requires_replace: unknown[] }).requires_replace).toEqual([{ steps: [{ attribute_name: 'spec' }, { attribute_name: 'key' }] }]);
    expect(planned(response).client_id).toBeInstanceOf(Unknown);
  });

  test('given a refined unknown from Terraform, then it is encoded back byte for byte, refinements kept', () => {
    // go-cty: extension 12 carries the refinements (here: not null, string prefix) of an unknown.
    const refined = new Unknown(12, Uint8Array.of(0x82, 0x01, 0xc3, 0x03, 0xa2, 0x78, 0x2d));
    const bytes = encodeMsgpack({ client_id: refined, id: null, spec: fromDynamic(dynamicOf(declaredSpec())) });
    const decoded = decodeMsgpack(bytes) as { client_id: Unknown };

    expect(decoded.client_id).toEqual(refined);
    expect(encodeMsgpack(decoded).equals(bytes)).toBe(true);
  });
});

describe('validate', () => {
  test('given a redirect URL with a fragment, then the diagnostic points at spec.redirectUrls[0]', () => {
    const spec = { ...declaredSpec(), redirectUrls: ['https://app.example.com/auth#x'] };

    const { diagnostics } = validateResourceConfig({ config: wire(spec) });

    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 1, summary: expect.stringContaining('redirectUrls[0]'), attribute: { steps: [{ attribute_name: 'spec' }, { attribute_name: 'redirectUrls' }, { element_key_int: 0 }] } }),
    ]);
  });

  test('given a valid spec, or one not known yet, then nothing is reported', () => {
    expect(validateResourceConfig({ config: wire(declaredSpec()) }).diagnostics).toEqual([]);
    expect(validateResourceConfig({ config: { msgpack: encodeMsgpack({ client_id: null, id: null, spec: new Unknown() }) } }).diagnostics).toEqual([]);
  });
});

describe('upgrade', () => {
  const stored = (spec: unknown) => ({ json: Buffer.from(JSON.stringify({ client_id: 'abc', id: 'prod/stack/web', spec: { value: spec, type: JSON.parse(dynamicOf(spec).typeJson) } })) });

  test('given state of schema version 1, then the object comes back as it was stored', () => {
    const spec = declaredSpec();
    const response = upgradeResourceState({ version: 1, raw_state: stored(spec) }) as { upgraded_state: { msgpack: Buffer } };

    const object = decodeClientObject(response.upgraded_state)!;
    expect(object).toMatchObject({ client_id: 'abc', id: 'prod/stack/web' });
    expect((object.spec as { value: unknown }).value).toEqual(spec);
  });

  test('given state written by a newer provider, then it is refused, naming both versions', () => {
    const response = upgradeResourceState({ version: 2, raw_state: stored(declaredSpec()) }) as { diagnostics: { summary: string }[] };

    expect(response.diagnostics[0].summary).toMatch(/schema version 2, newer than this provider's 1/);
  });
});

test('the TLS certificate Terraform is told to trust: self-signed CA for localhost, server and client auth, P-256', () => {
  const certificate = new X509Certificate(serverCertificate().certificatePem);

  expect(certificate.ca).toBe(true);
  expect(certificate.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
  expect(certificate.verify(certificate.publicKey)).toBe(true);
  expect(certificate.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
  expect(certificate.toLegacyObject().ext_key_usage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
});
