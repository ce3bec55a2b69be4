// What Terraform knows about our resource type (contract C1): `spec` holds the canonical
// ClientSpec exactly as `terraform_data.triggers_replace` held it (a dynamic value, so a plan
// diffs it field by field); `client_id` and `id` are computed. No secret is ever an attribute,
// not even a `sensitive` one: sensitive only hides output, state would still hold it in plain text.
export const PROVIDER_TYPE = 'oauthclients';
export const CLIENT_RESOURCE_TYPE = 'oauthclients_client';

/**
 * Bumped with every change to the attributes below; UpgradeResourceState maps older state to it.
 * 1: spec, client_id, id.
 */
export const CLIENT_SCHEMA_VERSION = 1;

export interface SchemaAttribute {
  readonly name: string;
  /** A cty type as JSON, e.g. `"string"` or `"dynamic"`. */
  readonly type: string;
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
}

export const PROVIDER_ATTRIBUTES: readonly SchemaAttribute[] = [
  {
    name: 'project_root',
    type: '"string"',
    optional: true,
    description: 'The project root relative to the stack directory Terraform runs in: secret store directories are relative to it. Default: the working directory.',
  },
];

export const CLIENT_ATTRIBUTES: readonly SchemaAttribute[] = [
  { name: 'spec', type: '"dynamic"', required: true, description: 'The declared client: the canonical ClientSpec the OAuthClient construct synthesizes.' },
  { name: 'client_id', type: '"string"', computed: true, description: 'The client_id the authorization server issued. Not a secret.' },
  { name: 'id', type: '"string"', computed: true, description: 'The client\'s identity in this stack: `<host name>/<key>`.' },
];

/** The schema message of GetProviderSchema. */
export function schemaMessage(version: number, attributes: readonly SchemaAttribute[], description: string): object {
  return {
    version,
    block: {
      version,
      description,
      attributes: attributes.map((a) => ({
        name: a.name,
        type: Buffer.from(a.type),
        description: a.description,
        required: a.required === true,
        optional: a.optional === true,
        computed: a.computed === true,
      })),
    },
  };
}
