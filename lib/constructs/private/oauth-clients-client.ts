// The `oauthclients_client` resource (contract C1): `spec` is the canonical ClientSpec, exactly
// what `terraform_data.triggers_replace` holds in the provisioner mode.
import { TerraformResource, type IResolvable, type TerraformResourceLifecycle } from 'cdktf';
import type { Construct } from 'constructs';
import type { OAuthClientsProvider } from './oauth-clients-provider';

export class OAuthClientsClient extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    /** The canonical ClientSpec, escaped for Terraform (terraformLiteral), produced at synth. */
    private readonly spec: IResolvable,
    provider: OAuthClientsProvider,
    lifecycle?: TerraformResourceLifecycle,
  ) {
    super(scope, id, {
      terraformResourceType: 'oauthclients_client',
      terraformGeneratorMetadata: { providerName: 'oauthclients' },
      provider,
      lifecycle,
    });
  }

  /** The client_id the authorization server issued, known after the client's first apply. */
  get clientId(): string {
    return this.getStringAttribute('client_id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { spec: this.spec };
  }
}
