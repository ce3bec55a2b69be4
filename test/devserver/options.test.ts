// Stories of configuring the development server: documented defaults, and bad values refused
// with the field, the rule and the value received.

import { resolve } from 'node:path';

import { parseDevServerArgs } from '../../lib/devserver/parse-args';
import { resolveOptions } from '../../lib/devserver/resolve-options';

describe('defaults', () => {
  it('listens on 9400, keeps state in .oauth-clients/devserver and offers the tstapp_data scopes', () => {
    const options = resolveOptions({}, '/projects/orders');

    expect(options).toMatchObject({
      port: 9400,
      dataDir: resolve('/projects/orders', '.oauth-clients/devserver'),
      scopes: ['tstapp_data.read', 'tstapp_data.write'],
      rotateRegistrationAccessToken: true,
      accessTokenTtlSeconds: 600,
      resource: 'urn:oauth-clients:dev-api',
      devInteractions: true,
    });
  });
});

describe('refusing bad values', () => {
  it('names every bad option at once', () => {
    const attempt = () => resolveOptions({ port: 70000, scopes: ['has space'], accessTokenTtlSeconds: 0, resource: 'not a uri' });

    expect(attempt).toThrow(/port: must be an integer from 0 to 65535, got 70000/);
    expect(attempt).toThrow(/scopes: 'has space' is not a scope token/);
    expect(attempt).toThrow(/accessTokenTtlSeconds: must be a positive integer, got 0/);
    expect(attempt).toThrow(/resource: must be an absolute URI without a fragment .*got 'not a uri'/);
  });

  it('needs at least one API scope besides openid and offline_access', () => {
    expect(() => resolveOptions({ scopes: ['openid'] })).toThrow(/scopes: at least one API scope is needed/);
  });
});

describe('the command line', () => {
  it('maps each flag to its option', () => {
    const parsed = parseDevServerArgs(['--port', '0', '--data-dir', 'tmp/dev', '--scopes', 'a.read, a.write', '--no-rotate']);

    expect(parsed).toEqual({
      help: false,
      options: { port: 0, dataDir: 'tmp/dev', scopes: ['a.read', 'a.write'], rotateRegistrationAccessToken: false },
    });
  });

  it('leaves unset flags to the defaults', () => {
    expect(parseDevServerArgs([])).toEqual({ help: false, options: {} });
  });

  it('refuses a port that is not a number', () => {
    expect(() => parseDevServerArgs(['--port', '94OO'])).toThrow("--port: must be a number from 0 to 65535, got '94OO'");
  });
});
