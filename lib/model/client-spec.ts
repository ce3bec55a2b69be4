// The canonical ClientSpec: the one contract between synth time and apply time. The constructs
// build it, Terraform carries it in `triggers_replace`, the handler decodes it with this schema.
import * as z from 'zod';
import { applyClientRules } from './client-rules';
import { LIMITS } from './defaults';
import { displayTextRule } from './display-text';
import { HostSpecSchema } from './host-spec';
import { ClientKeySchema, ScopeNameSchema, StorePathSchema } from './names';
import { ApplicationTypeSchema, GrantTypeSchema, RemovalPolicySchema, TokenEndpointAuthMethodSchema } from './vocabulary';

/** Bumped when the shape changes; the handler refuses versions it does not know. */
export const SPEC_VERSION = 1;

/**
 * Display text (display-text.ts): trimmed, so whitespace-only is empty, and free of control,
 * bidirectional and invisible characters. `.trim()` and refinements keep the schema a string
 * schema, which flat-spec.ts relies on.
 */
const displayText = (max: number, min: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .superRefine((text, ctx) => {
      if (text.length < min) ctx.addIssue({ code: 'custom', message: 'must not be empty (whitespace only is empty)', params: { code: 'OAC_TEXT_EMPTY' } });
      const rule = displayTextRule(text);
      if (rule) ctx.addIssue({ code: 'custom', message: rule, params: { code: 'OAC_TEXT_INVISIBLE' } });
    });

type ClaimValue = string | number | boolean | string[];

/**
 * Checked by a refinement, not a union of types: a wrong value (a function, an object from untyped
 * code) is then one issue with its code, and the rules between fields still run and report theirs.
 */
const ClaimValueSchema = z.custom<ClaimValue>(() => true).superRefine((value, ctx) => {
  const ok =
    (typeof value === 'string' && value.length <= 1000) ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'boolean' ||
    (Array.isArray(value) && value.length <= 50 && value.every((item) => typeof item === 'string' && item.length <= 200));
  if (!ok) {
    const got = typeof value === 'function' ? 'a function' : Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    ctx.addIssue({ code: 'custom', message: `must be a string (at most 1000 characters), a number, a boolean or a list of at most 50 strings, got ${got}`, params: { code: 'OAC_CLAIM_VALUE' } });
  }
});

export const ClientSpecSchema = z
  .object({
    specVersion: z.literal(SPEC_VERSION),
    /** Stable identity at the provider: the construct path unless declared. */
    key: ClientKeySchema,
    /** The stack that owns the client; another stack's key is an error, not a takeover. */
    stack: z.string().min(1).max(200),
    host: HostSpecSchema,
    clientName: displayText(LIMITS.clientName, 1),
    /** Whitespace only is empty, and an empty description is refused: leave it out instead. */
    description: displayText(LIMITS.description, 1).optional(),
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
    contacts: z.array(displayText(254, 1).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address')).max(LIMITS.contacts, `at most ${LIMITS.contacts} contacts`),
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
    host: spec.host.scopes === undefined ? spec.host : { ...spec.host, scopes: sortedUnique(spec.host.scopes) },
    grantTypes: sortedUnique(spec.grantTypes),
    scopes: sortedUnique(spec.scopes),
    redirectUrls: sortedUnique(spec.redirectUrls),
    postLogoutRedirectUrls: sortedUnique(spec.postLogoutRedirectUrls),
    contacts: sortedUnique(spec.contacts),
    customClaims: Object.fromEntries(Object.entries(spec.customClaims).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
