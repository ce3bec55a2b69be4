// Name rules shared by specs, constructs and the store: what a host name, a client key, an
// environment-variable name and a scope may look like.
import * as z from 'zod';

/** Host names become store path segments and Terraform-visible keys. */
export const HostNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, starting with a letter (at most 63)');

/**
 * A client's stable key: its construct path by default. Slashes are allowed (paths have them);
 * each segment must be usable as a store path segment.
 */
export const ClientKeySchema = z
  .string()
  .max(200, 'must be at most 200 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_@.-]*(\/[A-Za-z0-9][A-Za-z0-9_@.-]*)*$/,
    "must be segments of letters, digits, '_', '@', '.', '-' separated by '/' (set an explicit `key` when the construct path has other characters)",
  );

/** Credentials are named, never given: a host says which environment variable holds them. */
export const EnvVarNameSchema = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'must be an environment variable name (upper-case letters, digits, underscores)');

/** RFC 6749 §3.3 scope-token: printable ASCII except space, '"' and '\'. */
export const ScopeNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be an RFC 6749 scope-token (no spaces, quotes or backslashes)');

/** Store paths: segments of safe characters, so every store (files, Vault, pass) can hold them. */
export const StorePathSchema = z
  .string()
  .max(400, 'must be at most 400 characters')
  .regex(
    /^[A-Za-z0-9_@-][A-Za-z0-9_@.-]*(\/[A-Za-z0-9_@-][A-Za-z0-9_@.-]*)*$/,
    "must be '/'-separated segments of letters, digits, '_', '@', '.', '-' (no leading '.' or '/')",
  );

/** The backend keeps its ledger, intents and journal under this prefix of every store. */
export const RESERVED_STORE_PREFIX = '_oauth-clients/';
