// The entry Terraform's provisioners run: only `oauth-clients handle`, bundled on its own
// (dist/oauth-clients-handler.cjs), because one process starts per changed client and the other
// verbs' code (audit, demo) would only add to each start-up.
import { runVerb } from './verbs';

runVerb({ handle: { summary: 'apply | destroy | prune one client (run by Terraform provisioners)', load: () => require('./handle') } }, process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`oauth-clients: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);
