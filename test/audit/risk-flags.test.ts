// Each risk flag a reviewer relies on: when it is raised, with which severity, and when it is not.
import { flagsOfPair } from '../../lib/audit/risk-flags';
import type { Flag } from '../../lib/audit/report-schema';
import { clientSpec, developmentHost, productionHost } from './fixtures/client-specs';

const brief = (flags: Flag[]) => flags.map((f) => `${f.severity} ${f.code}${f.subject === undefined ? '' : ` ${f.subject}`}`);

describe('risk flags', () => {
  describe('scopes', () => {
    it('given a production client, when it gains a read scope, then the widening is medium', () => {
      const flags = flagsOfPair(clientSpec(), clientSpec({ scopes: ['orders.read', 'invoices.read'] }));

      expect(brief(flags)).toEqual(['medium scope-widened-production invoices.read']);
    });

    it('given a production client, when it gains a scope named like write access, then the widening is high and says why', () => {
      const flags = flagsOfPair(clientSpec(), clientSpec({ scopes: ['orders.read', 'orders.write'] }));

      expect(brief(flags)).toEqual(['high scope-widened-production orders.write']);
      expect(flags[0].reason).toContain("('write')");
    });

    it('given a development client, when it gains an admin scope, then it is a medium write-scope flag, and a read scope raises nothing', () => {
      const before = clientSpec({ host: developmentHost });

      const flags = flagsOfPair(before, clientSpec({ host: developmentHost, scopes: ['orders.read', 'users:admin', 'users.read'] }));

      expect(brief(flags)).toEqual(['medium write-scope-added users:admin']);
    });

    it('given no client, when a new production client asks for a delete scope, then it is high', () => {
      const flags = flagsOfPair(undefined, clientSpec({ scopes: ['files.delete'] }));

      expect(brief(flags)).toEqual(['high write-scope-added files.delete']);
      expect(flags[0].reason).toMatch(/^a new client asks for/);
    });

    it('given a client, when a scope is removed, then nothing is flagged', () => {
      expect(flagsOfPair(clientSpec({ scopes: ['orders.read', 'orders.write'] }), clientSpec())).toEqual([]);
    });
  });

  describe('client credentials', () => {
    it('given no client, when a client-credentials client is added, then it is medium', () => {
      const service = clientSpec({ key: 'batch', grantTypes: ['client_credentials'], redirectUrls: [] });

      expect(brief(flagsOfPair(undefined, service))).toEqual(['medium client-credentials-client']);
    });

    it('given an authorization-code client, when it gains client credentials, then it is medium; when it keeps them, nothing', () => {
      const both = clientSpec({ grantTypes: ['authorization_code', 'client_credentials'] });

      expect(brief(flagsOfPair(clientSpec(), both))).toEqual(['medium client-credentials-client']);
      expect(flagsOfPair(both, both)).toEqual([]);
    });
  });

  describe('redirect URLs on production', () => {
    it.each([
      ['com.example.app:/cb', /private-use/],
      ['http://127.0.0.1:3000/cb', /loopback/],
      ['https://localhost/cb', /loopback/],
      ['http://app.example.com/cb', /plain-http/],
    ])('given a production client, when %s is added, then it is high', (url, reason) => {
      const flags = flagsOfPair(clientSpec(), clientSpec({ redirectUrls: ['https://app.example.com/cb', url] }));

      expect(brief(flags)).toEqual([`high insecure-redirect-production ${url}`]);
      expect(flags[0].reason).toMatch(reason);
    });

    it('given a production client, when a loopback post-logout URL is added, then it is flagged too', () => {
      const flags = flagsOfPair(clientSpec(), clientSpec({ postLogoutRedirectUrls: ['http://localhost:8080/'] }));

      expect(brief(flags)).toEqual(['high insecure-redirect-production http://localhost:8080/']);
    });

    it('given a development client, when a loopback URL is added, then nothing is flagged', () => {
      const before = clientSpec({ host: developmentHost });

      expect(flagsOfPair(before, clientSpec({ host: developmentHost, redirectUrls: ['http://127.0.0.1:3000/cb'] }))).toEqual([]);
    });

    it('given a development host, when it becomes production, then URLs and scopes it already had are reaching production for the first time', () => {
      const before = clientSpec({ host: developmentHost, redirectUrls: ['com.example.app:/cb'], applicationType: 'native' });
      const after = clientSpec({ host: { ...developmentHost, environment: 'production' }, redirectUrls: ['com.example.app:/cb'], applicationType: 'native' });

      expect(brief(flagsOfPair(before, after)).sort()).toEqual(['high insecure-redirect-production com.example.app:/cb', 'medium scope-widened-production orders.read']);
    });
  });

  describe('PKCE, client type, export path', () => {
    it('given a client with PKCE, when PKCE is switched off, then it is high', () => {
      expect(brief(flagsOfPair(clientSpec(), clientSpec({ requirePkce: false })))).toEqual(['high pkce-disabled']);
    });

    it('given a client-credentials client, when its unused PKCE setting is switched off, then nothing is flagged', () => {
      const service = clientSpec({ grantTypes: ['client_credentials'], redirectUrls: [] });

      expect(flagsOfPair(service, { ...service, requirePkce: false })).toEqual([]);
    });

    it('given a public client, when it becomes confidential, then it is high with the method change as subject; and the reverse too', () => {
      const publicClient = clientSpec({ publicClient: true, tokenEndpointAuthMethod: 'none' });
      const confidential = clientSpec({ tokenEndpointAuthMethod: 'client_secret_post' });

      expect(brief(flagsOfPair(publicClient, confidential))).toEqual(['high public-confidential-switch none → client_secret_post']);
      expect(brief(flagsOfPair(confidential, publicClient))).toEqual(['high public-confidential-switch client_secret_post → none']);
    });

    it('given a confidential client, when only its secret-based method changes, then nothing is flagged', () => {
      expect(flagsOfPair(clientSpec(), clientSpec({ tokenEndpointAuthMethod: 'client_secret_post' }))).toEqual([]);
    });

    it('given a client, when its export path changes, then it is medium with both paths', () => {
      const flags = flagsOfPair(clientSpec(), clientSpec({ secretExport: { path: 'prod/reports' } }));

      expect(brief(flags)).toEqual(['medium export-path-changed prod/web → prod/reports']);
    });
  });

  describe('removal', () => {
    it('given a production client with removal policy destroy, when it is removed, then it is high: its secret is deleted', () => {
      const flags = flagsOfPair(clientSpec(), undefined);

      expect(brief(flags)).toEqual(['high production-client-removed']);
      expect(flags[0].reason).toContain('exported secret is deleted');
    });

    it('given a production client with removal policy retain, when it is removed, then it is medium', () => {
      expect(brief(flagsOfPair(clientSpec({ removalPolicy: 'retain' }), undefined))).toEqual(['medium production-client-removed']);
    });

    it('given a removed client that looks renamed, when flagged, then the flag names the new key and the way to keep the client', () => {
      const flags = flagsOfPair(clientSpec({ key: 'shop/orders-ui' }), undefined, 'shop/orders-web');

      expect(flags[0].subject).toBe('shop/orders-ui → shop/orders-web');
      expect(flags[0].reason).toContain('declare the old key');
    });

    it('given a development client, when it is removed, then nothing is flagged', () => {
      expect(flagsOfPair(clientSpec({ host: developmentHost }), undefined)).toEqual([]);
    });
  });

  it('given equal specs, when compared, then no flag is raised', () => {
    const spec = clientSpec({ host: productionHost, scopes: ['orders.write'], grantTypes: ['authorization_code', 'client_credentials'] });

    expect(flagsOfPair(spec, spec)).toEqual([]);
  });
});
