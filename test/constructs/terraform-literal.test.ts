// Terraform evaluates `${…}` and `%{…}` in every string of cdk.tf.json. Declared text must reach
// the handler exactly as written: this synthesizes a stack with template syntax in every kind of
// declared string, runs the real `terraform plan` and `terraform apply` (terraform_data needs no
// provider download), and reads what Terraform planned and what the provisioner received.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalBackend, TerraformStack } from 'cdktf';
import { Host, OAuthClient } from '../../lib';
import { PROJECT_ROOT, offlineTerraformEnv, scratchApp } from '../support/synth';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = offlineTerraformEnv();
});
afterAll(() => restoreEnv());

const terraformEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(PROJECT_ROOT, '.ci', 'terraformrc'), TF_IN_AUTOMATION: '1' };
const terraform = (cwd: string, ...args: string[]) => execFileSync('terraform', args, { cwd, env: terraformEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

test('given template syntax in every declared string, when Terraform plans and applies, then the plan and the handler hold the literal text and nothing was evaluated', () => {
  // The provisioner mode: its handler is replaced by a capturing script.
  const { app, dispose } = scratchApp({ 'oauth-clients:resourceType': 'terraform_data' });
  try {
    const outdir = app.outdir;
    // A file Terraform would read if the description were evaluated: its content must appear nowhere.
    const secretFile = path.join(outdir, 'initial-access-token');
    const secret = 'iat-never-in-the-plan-7f3c9a';
    fs.writeFileSync(secretFile, secret);
    const capture = path.join(outdir, 'capture.js');
    // Stands in for the handler: the provisioner command plus `handle apply`; it keeps what it was given.
    fs.writeFileSync(capture, "require('fs').appendFileSync(require('path').join(__dirname, 'received.jsonl'), (process.env.OAUTH_CLIENT_SPEC || process.env.OAUTH_CLIENTS_PRUNE || process.env.OAUTH_CLIENTS_WITNESS_SPEC) + '\\n');");
    app.node.setContext('oauth-clients:handlerCommand', `node ${capture}`);

    const stack = new TerraformStack(app, 'literal');
    new LocalBackend(stack, { path: 'terraform.literal.tfstate' });
    const host = new Host(stack, 'prod', {
      issuer: 'https://auth.example.com',
      credentials: { initialAccessToken: 'PROD_IAT' },
      scopes: { '${local.w}': { description: 'Reads %{ if true }everything%{ endif }' }, 'orders.read': { description: 'Read orders' } },
    });
    const declared = {
      clientName: 'Orders ${upper("x")} $${kept} $$${double}',
      description: `\${file("${secretFile}")} %{ for x in ["a"] }\${x}%{ endfor } %%{escaped}`,
      contacts: ['${var.who}@example.com'],
    };
    const client = new OAuthClient(stack, 'web', { host, scopes: host.scopes, redirectUrls: ['https://app.example.com/cb/$%7Bq%7D?x=${path.root}'], ...declared });
    app.synth();

    const stackDir = path.join(outdir, 'stacks', 'literal');
    terraform(stackDir, 'init', '-input=false', '-no-color');
    terraform(stackDir, 'plan', '-input=false', '-no-color', '-lock=false', '-out=plan.out');
    const planText = terraform(stackDir, 'show', '-json', 'plan.out');
    const plan = JSON.parse(planText) as { resource_changes: { type: string; change: { after: { triggers_replace?: { key?: string } } } }[] };
    const planned = plan.resource_changes.map((c) => c.change.after.triggers_replace).find((t) => t?.key === 'literal/web');

    expect(planned).toEqual(JSON.parse(JSON.stringify(client.spec)));
    expect(planned).toMatchObject({ ...declared, scopes: ['${local.w}', 'orders.read'], host: { scopes: ['${local.w}', 'orders.read'] } });
    expect(planText).not.toContain(secret);

    terraform(stackDir, 'apply', '-input=false', '-no-color', '-lock=false', 'plan.out');
    const received = fs.readFileSync(path.join(outdir, 'received.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { key?: string });

    expect(received.find((spec) => spec.key === 'literal/web')).toEqual(JSON.parse(JSON.stringify(client.spec)));
    const state = fs.readFileSync(path.join(stackDir, 'terraform.literal.tfstate'), 'utf8');
    expect(state).not.toContain(secret);
  } finally {
    dispose();
  }
});

test('given template syntax in every declared string, when Terraform plans with our provider, then the planned spec holds the literal text', () => {
  const { app, dispose } = scratchApp();
  try {
    const stack = new TerraformStack(app, 'literal');
    new LocalBackend(stack, { path: 'terraform.literal.tfstate' });
    const host = new Host(stack, 'prod', { issuer: 'https://auth.example.com', credentials: { initialAccessToken: 'PROD_IAT' }, scopes: { 'orders.read': { description: 'Read orders' } } });
    const declared = { clientName: 'Orders ${upper("x")} $${kept}', description: '%{ for x in ["a"] }${x}%{ endfor } %%{escaped}', contacts: ['${var.who}@example.com'] };
    const client = new OAuthClient(stack, 'web', { host, scopes: host.scopes, redirectUrls: ['https://app.example.com/cb?x=${path.root}'], ...declared });
    app.synth();

    const stackDir = path.join(app.outdir, 'stacks', 'literal');
    terraform(stackDir, 'init', '-input=false', '-no-color');
    terraform(stackDir, 'plan', '-input=false', '-no-color', '-lock=false', '-out=plan.out');
    const plan = JSON.parse(terraform(stackDir, 'show', '-json', 'plan.out')) as { resource_changes: { type: string; change: { after: { spec?: unknown } } }[] };

    expect(plan.resource_changes.map((c) => c.type)).toEqual(['oauthclients_client']);
    expect(plan.resource_changes[0].change.after.spec).toEqual(JSON.parse(JSON.stringify(client.spec)));
  } finally {
    dispose();
  }
});
