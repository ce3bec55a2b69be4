// Local Terraform state beside the project, named by a relative path: cdktf's default local
// backend writes the machine's absolute project path into the synthesized JSON.
import { LocalBackend, type TerraformStack } from 'cdktf';
import { handlerInvocation } from './private/handler-command';

/** Declares `terraform.<stack>.tfstate` in the project root, the place cdktf's default uses. */
export function projectLocalBackend(stack: TerraformStack): LocalBackend {
  const { projectRoot } = handlerInvocation(stack);
  return new LocalBackend(stack, { path: `${projectRoot}/terraform.${stack.node.id}.tfstate` });
}
