// A stable hash of a canonical spec: equal declarations give equal hashes whatever the key order
// Terraform's jsonencode produced.
import { createHash } from 'node:crypto';

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const specHash = (spec: unknown): string => createHash('sha256').update(stable(spec)).digest('hex');
