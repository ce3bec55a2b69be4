// The seeds' example on the local development provider (`npm run provider`): a single-page app
// on authorization code + PKCE and a backend service on client credentials.
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Host, OAuthClient, projectLocalBackend, RedirectUrl } from '../lib';

export class DevelopmentStack extends TerraformStack {
  readonly host: Host;
  readonly spa: OAuthClient;
  readonly service: OAuthClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    projectLocalBackend(this);
    this.host = Host.localDevelopment(this, 'dev-local');
    const read = this.host.addScope('tstapp_data.read', { description: 'Read tstapp data' });
    const write = this.host.addScope('tstapp_data.write', { description: 'Change tstapp data' });

    this.spa = new OAuthClient(this, 'tstapp-spa', {
      host: this.host,
      clientName: 'TST App (browser)',
      publicClient: true,
      scopes: [read, write],
      redirectUrls: [RedirectUrl.loopback(3005, { host: 'localhost', path: '/auth' })],
      policyUrl: 'https://tstapp.example.com/privacy',
      termsOfServiceUrl: 'https://tstapp.example.com/terms',
    });

    this.service = new OAuthClient(this, 'tstapp-service', {
      host: this.host,
      clientName: 'TST App backend',
      flows: { clientCredentials: true },
      scopes: [read],
    });
  }
}
