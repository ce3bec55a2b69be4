// The `provider "oauthclients"` block and its `required_providers` entry, hand-written (no
// `cdktf get`: there is no registry to get it from), once per stack. At synth it ships the
// provider package and the lock file into the stack directory (provider-package.ts).
import * as path from 'node:path';
import { TerraformProvider, TerraformStack, type ISynthesisSession } from 'cdktf';
import type { Construct } from 'constructs';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { keepDefaultStateRelative } from '../local-state';
import { handlerInvocation } from './handler-command';
import { PROVIDER_SOURCE, providerPackage, providerSourceAddress, shipProvider } from './provider-package';

const ID = 'OAuthClientsProvider';

export class OAuthClientsProvider extends TerraformProvider {
  /** The stack's provider, declared with its first provider-mode client. */
  static of(stack: TerraformStack): OAuthClientsProvider {
    return (stack.node.tryFindChild(ID) as OAuthClientsProvider | undefined) ?? new OAuthClientsProvider(stack, ID);
  }

  private readonly projectRoot: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: PROVIDER_SOURCE.type,
      // Read at synth (the version names the built bundle, which a construct test may not need).
      terraformGeneratorMetadata: {
        providerName: PROVIDER_SOURCE.type,
        get providerVersion(): string {
          return providerPackage().version;
        },
      },
      terraformProviderSource: providerSourceAddress(),
    });
    const stack = TerraformStack.of(this);
    // Relative, like the provisioners' paths: the synthesized JSON is the same on every machine.
    this.projectRoot = handlerInvocation(stack).projectRoot;
    keepDefaultStateRelative(this, stack);
    addCustomSynthesis(this, {
      onSynthesize: (session: ISynthesisSession) => {
        shipProvider(path.join(session.outdir, 'stacks', stack.node.id));
      },
    });
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { project_root: this.projectRoot };
  }
}
