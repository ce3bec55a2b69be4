// Terraform values on the wire (docs/plugin-protocol/object-wire-format.md; go-cty's msgpack
// package): msgpack, with an unknown value as extension 0 and an unknown with refinements (not
// null, string prefix, ...) as extension 12. Refinements are kept byte for byte so a value we plan
// back keeps what Terraform knew. A dynamic-typed attribute travels as [type as JSON, value].
import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';

/** A value not known until apply. */
export class Unknown {
  constructor(
    /** 0 plain, 12 with refinements. */
    readonly extensionType: number = 0,
    readonly payload: Uint8Array = Uint8Array.of(0),
  ) {}
}

/** A value of a dynamic-typed attribute: its cty type (JSON) and the value itself. */
export class Dynamic {
  constructor(
    readonly typeJson: string,
    readonly value: unknown,
  ) {}
}

const UNKNOWN_EXTENSIONS = [0, 12];
const codec = new ExtensionCodec();
for (const type of UNKNOWN_EXTENSIONS) {
  codec.register({
    type,
    encode: (input: unknown) => (input instanceof Unknown && input.extensionType === type ? input.payload : null),
    decode: (data: Uint8Array) => new Unknown(type, Uint8Array.from(data)),
  });
}

export function decodeMsgpack(bytes: Uint8Array | undefined): unknown {
  // A DynamicValue with neither encoding is a null value (e.g. no prior state on create).
  if (!bytes || bytes.length === 0) return null;
  return decode(bytes, { extensionCodec: codec });
}

export function encodeMsgpack(value: unknown): Buffer {
  const bytes = encode(value, { extensionCodec: codec, ignoreUndefined: true });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A dynamic attribute as decoded: null, unknown, or the [type, value] pair go-cty writes. */
export function toDynamic(raw: unknown): Dynamic | Unknown | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Unknown) return raw;
  if (Array.isArray(raw) && raw.length === 2 && (raw[0] instanceof Uint8Array || typeof raw[0] === 'string')) {
    const type = typeof raw[0] === 'string' ? raw[0] : Buffer.from(raw[0]).toString('utf8');
    return new Dynamic(type, raw[1]);
  }
  throw new Error('a dynamic value must be encoded as [type, value]');
}

/** The wire form of a dynamic attribute. */
export function fromDynamic(value: Dynamic | Unknown | null): unknown {
  return value instanceof Dynamic ? [Buffer.from(value.typeJson, 'utf8'), value.value] : value;
}

/** A plain JSON value as Terraform would type it in JSON configuration: objects, tuples, primitives. */
export function dynamicOf(value: unknown): Dynamic {
  return new Dynamic(JSON.stringify(impliedType(value)), value);
}

export function impliedType(value: unknown): unknown {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(impliedType)];
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return ['object', Object.fromEntries(entries.map(([k, v]) => [k, impliedType(v)]))];
  }
  return 'dynamic';
}

/** True when the value holds an unknown anywhere: it cannot be validated or applied yet. */
export function containsUnknown(value: unknown): boolean {
  if (value instanceof Unknown) return true;
  if (value instanceof Dynamic) return containsUnknown(value.value);
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) return Object.values(value).some(containsUnknown);
  return false;
}
