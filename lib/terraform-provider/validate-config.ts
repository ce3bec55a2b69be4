// ValidateResourceConfig: the declaration checked before any plan, with the schema synth uses, so
// hand-edited JSON or another tool's output fails with the field named, before anything is sent.
import { containsUnknown } from './private/cty-msgpack';
import type { Diagnostic } from './private/diagnostics';
import { specOf } from './private/spec-of';
import { decodeClientObject, plainSpec } from './resource-state';

export function validateResourceConfig(request: { config?: { msgpack?: Buffer } }): { diagnostics: Diagnostic[] } {
  const config = decodeClientObject(request.config);
  // A value that references something unknown is checked again when it is known (at apply).
  if (!config || containsUnknown(config.spec)) return { diagnostics: [] };
  const result = specOf(plainSpec(config));
  return { diagnostics: result.ok ? [] : result.diagnostics };
}
