// A production host with https redirects only. One Host can serve clients declared in several
// stacks (one per team is common): the host emits nothing, its spec travels with each client.
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Host, OAuthClient, projectLocalBackend, RedirectUrl, RemovalPolicy } from '../lib';

export class ProductionStack extends TerraformStack {
  constructor(scope: Construct, id: string, host: Host) {
    super(scope, id);
    projectLocalBackend(this);
    const [read, write] = [host.scope('tstapp_data.read'), host.scope('tstapp_data.write')];

    new OAuthClient(this, 'tstapp-web', {
      host,
      key: 'tstapp/web',
      clientName: 'TST App',
      flows: { authorizationCode: true, refreshToken: true },
      scopes: [read, write],
      redirectUrls: [RedirectUrl.https('https://tstapp.example.com/auth')],
      postLogoutRedirectUrls: [RedirectUrl.https('https://tstapp.example.com/')],
      policyUrl: 'https://tstapp.example.com/privacy',
      termsOfServiceUrl: 'https://tstapp.example.com/terms',
      logoUrl: 'https://tstapp.example.com/logo.png',
      contacts: ['platform-team@example.com'],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new OAuthClient(this, 'tstapp-reporting', {
      host,
      key: 'tstapp/reporting',
      clientName: 'TST App reporting job',
      flows: { clientCredentials: true },
      scopes: [read],
    });
  }
}
