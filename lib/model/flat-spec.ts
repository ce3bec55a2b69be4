// null_resource `triggers` is a map of strings, so a ClientSpec travels there flattened: string
// fields as themselves (readable in a plan), every other field as JSON. Decoding reverses it.
import type * as z from 'zod';
import { ClientSpecSchema, type ClientSpec } from './client-spec';

/** The field holds a string (or an optional string) in the ClientSpec schema. */
function isStringField(schema: z.ZodType): boolean {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
  if (def.type === 'optional' || def.type === 'default') return isStringField(def.innerType as z.ZodType);
  return def.type === 'string' || def.type === 'enum';
}

const shape = ClientSpecSchema.shape as Record<string, z.ZodType>;

export function encodeFlatSpec(spec: ClientSpec): Record<string, string> {
  return Object.fromEntries(
    Object.entries(spec).map(([field, value]) => [field, shape[field] && isStringField(shape[field]) ? String(value) : JSON.stringify(value)]),
  );
}

export function decodeFlatSpec(flat: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(flat).map(([field, value]) => {
      if (typeof value !== 'string' || (shape[field] && isStringField(shape[field]))) return [field, value];
      try {
        return [field, JSON.parse(value)];
      } catch {
        return [field, value]; // the schema then names the field that is wrong
      }
    }),
  );
}
