// One `oauthclients_client` object as it crosses the wire, decoded into what the RPCs work with.
import { decodeMsgpack, Dynamic, encodeMsgpack, fromDynamic, toDynamic, Unknown } from './private/cty-msgpack';

export interface ClientObject {
  readonly spec: Dynamic | Unknown | null;
  readonly client_id: string | Unknown | null;
  readonly id: string | Unknown | null;
}

interface DynamicValueMessage {
  readonly msgpack?: Buffer;
  readonly json?: Buffer;
}

/** null when Terraform sent no object (create's prior state, destroy's planned state). */
export function decodeClientObject(message: DynamicValueMessage | undefined | null): ClientObject | null {
  const raw = message?.msgpack?.length ? decodeMsgpack(message.msgpack) : message?.json?.length ? JSON.parse(message.json.toString('utf8')) : null;
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Unknown) throw new Error('the whole resource object is unknown');
  const object = raw as Record<string, unknown>;
  return {
    spec: toDynamic(object.spec),
    client_id: (object.client_id ?? null) as ClientObject['client_id'],
    id: (object.id ?? null) as ClientObject['id'],
  };
}

export function encodeClientObject(object: ClientObject | null): { msgpack: Buffer } {
  if (object === null) return { msgpack: encodeMsgpack(null) };
  // go-cty writes object attributes sorted by name; Terraform reads them by name either way.
  return { msgpack: encodeMsgpack({ client_id: object.client_id, id: object.id, spec: fromDynamic(object.spec) }) };
}

/** The spec as a plain JSON value (objects and arrays), or undefined when it is null or unknown. */
export function plainSpec(object: ClientObject | null): Record<string, unknown> | undefined {
  const spec = object?.spec;
  return spec instanceof Dynamic && spec.value !== null && typeof spec.value === 'object' ? (spec.value as Record<string, unknown>) : undefined;
}

