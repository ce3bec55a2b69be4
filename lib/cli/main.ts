#!/usr/bin/env node
// `oauth-clients`: one verb per file, each loaded only when asked for, so `handle` (which
// Terraform starts once per client) never pays for the others' imports.
import { packageVersion } from '../files/package-root';
import { runVerb, type Verbs } from './verbs';

const verbs: Verbs = {
  handle: { summary: 'apply | destroy | prune one client (run by Terraform provisioners)', load: () => require('./handle') },
  provider: { summary: 'run the local development authorization server (RFC 7591/7592, node-oidc-provider)', load: () => require('./provider') },
  demo: { summary: 'deploy a stack on the local development provider and show its clients (up | down)', load: () => require('./demo') },
  audit: { summary: 'report client, scope and redirect changes between two revisions', load: () => require('./audit') },
  drift: { summary: 'compare declared clients with the ledger and the provider; exit 2 unless converged', load: () => require('./drift') },
  credentials: { summary: "print a client's exported credentials (json | env | oidc), on explicit request", load: () => require('./credentials') },
  token: { summary: 'a verified client-credentials access token for a deployed client, as claims', load: () => require('./token') },
  login: { summary: 'sign a user in with a client (authorization code + PKCE, loopback redirect) and show the claims', load: () => require('./login') },
  store: { summary: 'migrate a ledger and its exports between secret stores (dry run by default)', load: () => require('./store') },
  adopt: { summary: 'bring an existing provider client under a declared client (--client-id, --rotate-secret)', load: () => require('./adopt') },
  rotate: { summary: "issue a new secret where the provider can, and replace the client's export", load: () => require('./rotate') },
};

runVerb(verbs, process.argv.slice(2), packageVersion).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`oauth-clients: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);
