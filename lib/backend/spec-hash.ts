// A stable hash of a canonical spec: equal declarations give equal hashes whatever the key order
// Terraform's jsonencode produced.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../model';

export const specHash = (spec: unknown): string => createHash('sha256').update(canonicalJson(spec)).digest('hex');
