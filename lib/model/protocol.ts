// The custom-resource protocol between the synthesized Terraform and `oauth-clients handle`
// (docs/design.md §3): environment variable names, and what the reconciler hands to prune.
import * as z from 'zod';
import { StoreSpecSchema } from './store-spec';

export const PROTOCOL_ENV = {
  /** jsonencode of the resource's triggers: the ClientSpec. */
  spec: 'OAUTH_CLIENT_SPEC',
  /** `flat` when the triggers are a null_resource string map (see flat-spec.ts). */
  specEncoding: 'OAUTH_CLIENT_SPEC_ENCODING',
  /** The resource instance id: only the ledger's current owner instance may destroy. */
  instance: 'OAUTH_CLIENT_INSTANCE',
  /** The project root relative to the provisioner's working directory; store paths are relative to it. */
  projectRoot: 'OAUTH_CLIENTS_PROJECT_ROOT',
  /** jsonencode of the reconciler's triggers: the PruneSpec. */
  prune: 'OAUTH_CLIENTS_PRUNE',
  /**
   * The id of the stack's witness resource (Terraform made it when the stack was first deployed
   * and keeps it in the state): a ledger store without this stack's witness record is not the one
   * the stack was deployed with (issue 10: a runner that starts empty never duplicates a client).
   */
  witness: 'OAUTH_CLIENTS_STACK_WITNESS',
  /** jsonencode of the witness resource's triggers: the WitnessSpec. */
  witnessSpec: 'OAUTH_CLIENTS_WITNESS_SPEC',
} as const;

export const HANDLER_ACTIONS = ['apply', 'destroy', 'prune', 'witness', 'unwitness'] as const;
export type HandlerAction = (typeof HANDLER_ACTIONS)[number];

/** The reconciler's triggers: a change of the declared set runs prune. */
export const PruneSpecSchema = z.object({
  stack: z.string().min(1),
  /** Every declared client of the stack as `<host name>/<key>`, sorted. */
  clients: z.array(z.string()),
  /** The stores holding the ledger of the stack's clients. */
  stores: z.array(StoreSpecSchema),
});
export type PruneSpec = z.output<typeof PruneSpecSchema>;

/** The witness resource's triggers: the stack and the ledger stores its record is written to. */
export const WitnessSpecSchema = z.object({
  stack: z.string().min(1),
  stores: z.array(StoreSpecSchema),
});
export type WitnessSpec = z.output<typeof WitnessSpecSchema>;
