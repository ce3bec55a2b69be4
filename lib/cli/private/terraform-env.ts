// The environment cdktf and Terraform need on a machine without a Terraform registry: no
// checkpoint calls, and a CLI config that exists (the machine may point at a missing one).
import * as fs from 'node:fs';

export function terraformEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const config = env.TF_CLI_CONFIG_FILE;
  return {
    ...env,
    CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? '1',
    TF_CLI_CONFIG_FILE: config && fs.existsSync(config) ? config : '/dev/null',
  };
}
