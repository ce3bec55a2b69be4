// `oauth-clients audit`: what a pull request changes in the declared OAuth clients, with risk
// flags, for reviewers and CI gates. The work lives in lib/audit; this file is the verb's door.
import { runAudit } from '../audit/run-audit';

export async function run(args: string[]): Promise<number> {
  return runAudit(args);
}
