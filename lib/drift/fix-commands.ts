// The command that fixes a finding, by how the stack is deployed. In provider mode Terraform
// reads every client back, so `cdktf deploy` fixes anything. In provisioner mode (terraform_data,
// null_resource) Terraform runs the backend only for a resource whose triggers changed; an
// unchanged one is run again by replacing it (its create-time provisioner applies the declaration;
// the owner guard keeps the deposed instance's destroy from deleting the client).
import type { ClientSpec } from '../model';

export interface StackShape {
  readonly name: string;
  /** `provider`: oauthclients_client resources; `provisioner`: terraform_data / null_resource. */
  readonly mode: 'provider' | 'provisioner';
  /** The reconciler resource (provisioner mode), e.g. `terraform_data.OAuthClientsReconciler_2D32531F`. */
  readonly reconciler?: string;
}

export class FixCommands {
  /** `output`: the cdktf output directory relative to the project (cdktf.json `output`). */
  constructor(private readonly output: string) {}

  /** A declaration that changed reaches the backend through a plain deploy, in both modes. */
  deploy(stack: string): string {
    return `cdktf deploy ${stack}`;
  }

  /** Runs apply for an unchanged declaration. */
  rerun(stack: StackShape | undefined, resource: string | undefined, name: string): string {
    if (!stack || stack.mode === 'provider' || !resource) return this.deploy(stack?.name ?? name);
    return this.replace(stack.name, resource);
  }

  /** Runs prune for the stack's undeclared clients (provisioner mode), or lets Terraform delete them. */
  prune(stack: StackShape | undefined, name: string, clientId: string, issuer: string): string {
    if (!stack) return `stack ${name} is not in this app any more: run 'cdktf destroy ${name}' from a revision that still declares it, or delete client ${clientId} at ${issuer}`;
    if (stack.mode === 'provider' || !stack.reconciler) return this.deploy(stack.name);
    return this.replace(stack.name, stack.reconciler);
  }

  /** A client at the provider that nothing manages. */
  deleteAtProvider(spec: ClientSpec, clientId: string, devAdmin: boolean): string {
    if (devAdmin) {
      const variable = spec.host.credentials.initialAccessToken;
      return `curl -fsS -X DELETE --oauth2-bearer "$${variable}" ${spec.host.issuer.replace(/\/$/, '')}/dev-admin/clients/${clientId}`;
    }
    return `delete client ${clientId} at ${spec.host.issuer} (its admin console or API)`;
  }

  private replace(stack: string, resource: string): string {
    return `cdktf synth && terraform -chdir=${this.output}/stacks/${stack} apply -replace='${resource}'`;
  }
}
