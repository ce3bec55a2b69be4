// The canonical ClientSpec: the one contract between synth time and apply time. The constructs
// build it, Terraform carries it in `triggers_replace`, the handler decodes it with this schema.
import * as z from 'zod';
import { applyClientRules } from './client-rules';
import { LIMITS } from './defaults';
import { HostSpecSchema } from './host-spec';
import { ClientKeySchema, ScopeNameSchema, StorePathSchema } from './names';
import { ApplicationTypeSchema, GrantTypeSchema, RemovalPolicySchema, TokenEndpointAuthMethodSchema } from './vocabulary';

/** Bumped when the shape changes; the handler refuses versions it does not know. */
export const SPEC_VERSION = 1;

const noControlChars = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

const ClaimValueSchema = z.union([z.string().max(1000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]);

export const ClientSpecSchema = z
  .object({
    specVersion: z.literal(SPEC_VERSION),
    /** Stable identity at the provider: the construct path unless declared. */
    key: ClientKeySchema,
    /** The stack that owns the client; another stack's key is an error, not a takeover. */
    stack: z.string().min(1).max(200),
    host: HostSpecSchema,
    clientName: z.string().min(1, 'must not be empty').max(LIMITS.clientName, `must be at most ${LIMITS.clientName} characters`).refine(noControlChars, 'must not contain control characters'),
    description: z.string().max(LIMITS.description, `must be at most ${LIMITS.description} characters`).refine(noControlChars, 'must not contain control characters').optional(),
    grantTypes: z.array(GrantTypeSchema),
    requirePkce: z.boolean(),
    publicClient: z.boolean(),
    tokenEndpointAuthMethod: TokenEndpointAuthMethodSchema,
    applicationType: ApplicationTypeSchema,
    scopes: z.array(ScopeNameSchema).max(LIMITS.scopes, `at most ${LIMITS.scopes} scopes`),
    redirectUrls: z.array(z.string()),
    postLogoutRedirectUrls: z.array(z.string()),
    policyUrl: z.string().optional(),
    termsOfServiceUrl: z.string().optional(),
    logoUrl: z.string().optional(),
    contacts: z.array(z.string().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address')).max(LIMITS.contacts, `at most ${LIMITS.contacts} contacts`),
    accessTokenLifetimeSeconds: z
      .number()
      // refine, not .int(): a type-level failure would stop the cross-field rules from running.
      .refine(Number.isInteger, 'must be whole seconds')
      .min(LIMITS.accessTokenLifetimeSeconds.min, `must be at least ${LIMITS.accessTokenLifetimeSeconds.min} seconds`)
      .max(LIMITS.accessTokenLifetimeSeconds.max, `must be at most ${LIMITS.accessTokenLifetimeSeconds.max} seconds (24 h)`)
      .optional(),
    customClaims: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/, 'claim names are letters, digits, _ . : -'), ClaimValueSchema),
    removalPolicy: RemovalPolicySchema,
    /** Where the client's credentials are exported in the host's store, on first apply only. */
    secretExport: z.object({ path: StorePathSchema }),
  })
  .superRefine(applyClientRules);

export type ClientSpec = z.output<typeof ClientSpecSchema>;

const sortedUnique = <T extends string>(values: readonly T[]): T[] => [...new Set(values)].sort();

/** Canonical form: lists de-duplicated and sorted, so equal declarations give equal specs and plans. */
export function toCanonical(spec: ClientSpec): ClientSpec {
  return {
    ...spec,
    grantTypes: sortedUnique(spec.grantTypes),
    scopes: sortedUnique(spec.scopes),
    redirectUrls: sortedUnique(spec.redirectUrls),
    postLogoutRedirectUrls: sortedUnique(spec.postLogoutRedirectUrls),
    contacts: sortedUnique(spec.contacts),
    customClaims: Object.fromEntries(Object.entries(spec.customClaims).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
