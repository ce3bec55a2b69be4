// Local Terraform state beside the project, named by a relative path: cdktf's default local
// backend writes the machine's absolute project path into the synthesized JSON.
import * as path from 'node:path';
import { Aspects, LocalBackend, TerraformBackend, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { handlerInvocation } from './private/handler-command';

/** Declares `terraform.<stack>.tfstate` in the project root, the place cdktf's default uses. */
export function projectLocalBackend(stack: TerraformStack): LocalBackend {
  return new LocalBackend(stack, { path: stateFileOf(stack) });
}

const stateFileOf = (stack: TerraformStack) => `${handlerInvocation(stack).projectRoot}/terraform.${stack.node.id}.tfstate`;

/**
 * A stack that declares no backend gets cdktf's default local one at synth time (in prepareStack,
 * which runs before aspects), with `path` = `<cwd>/terraform.<stack>.tfstate`, absolute. An aspect
 * on `owner` (the stack's reconciler) names that same file relatively, so every stack with OAuth
 * clients synthesizes the same JSON on every machine. A backend the user declared is left alone.
 */
export function keepDefaultStateRelative(owner: IConstruct, stack: TerraformStack): void {
  Aspects.of(owner).add({
    visit(node: IConstruct) {
      if (node !== owner) return;
      const backend = stack.node.children.find(TerraformBackend.isBackend);
      if (!(backend instanceof LocalBackend)) return;
      const declared = (backend.toTerraform() as { terraform: { backend: { local: { path?: string } } } }).terraform.backend.local.path;
      if (declared === path.join(process.cwd(), `terraform.${stack.node.id}.tfstate`)) backend.addOverride('path', stateFileOf(stack));
    },
  });
}
