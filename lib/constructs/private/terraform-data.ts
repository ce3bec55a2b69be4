// `terraform_data` without cdktf's DataResource, which adds a `terraform version` check to every
// instance: one process per client at each synth (60-300 ms each measured here). The stack's
// reconciler checks the version once instead.
import { TerraformResource, TerraformStack, type ITerraformDependable, type TerraformResourceLifecycle } from 'cdktf';
import type { Construct } from 'constructs';
import type { LocalExecProvisioner } from 'cdktf';
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';

export interface TerraformDataProps {
  readonly triggersReplace: unknown;
  /** `input`: kept in the state, changed in place (no replacement, no provisioner run), readable as `self.input`. */
  readonly input?: unknown;
  readonly lifecycle?: TerraformResourceLifecycle;
  readonly provisioners?: LocalExecProvisioner[];
  readonly dependsOn?: ITerraformDependable[];
}

export class TerraformData extends TerraformResource {
  private readonly triggersReplace: unknown;
  private readonly input: unknown;

  constructor(scope: Construct, id: string, props: TerraformDataProps) {
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
      lifecycle: props.lifecycle,
      provisioners: props.provisioners,
      dependsOn: props.dependsOn,
    });
    this.triggersReplace = props.triggersReplace;
    this.input = props.input;
    requireTerraform14(TerraformStack.of(this));
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { triggers_replace: this.triggersReplace, ...(this.input === undefined ? {} : { input: this.input }) };
  }
}

const checked = new WeakSet<TerraformStack>();

/** terraform_data needs Terraform >= 1.4: checked once per stack. */
function requireTerraform14(stack: TerraformStack): void {
  if (checked.has(stack)) return;
  checked.add(stack);
  stack.node.addValidation(new ValidateTerraformVersion('>=1.4', 'terraform_data needs Terraform >= 1.4 (or OpenTofu); please upgrade'));
}
