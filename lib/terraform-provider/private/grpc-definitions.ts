// gRPC service definitions for @grpc/grpc-js, built from the protocol text with protobufjs'
// reflection: one parse at start-up (a few ms), no generated code, no .proto files at run time.
import type { ServiceDefinition } from '@grpc/grpc-js';
import * as protobuf from 'protobufjs';
import { GO_PLUGIN_PROTO, PLUGIN_PROTO } from './plugin-proto';

export interface PluginServices {
  readonly provider: ServiceDefinition;
  readonly controller: ServiceDefinition;
  readonly broker: ServiceDefinition;
  readonly stdio: ServiceDefinition;
}

/** Decoded messages keep the proto's snake_case names; bytes as Buffer, int64 as number, enums as numbers. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: Number, bytes: Buffer, defaults: false, arrays: true, objects: true, oneofs: false };

export function pluginServices(): PluginServices {
  const tfplugin = protobuf.parse(PLUGIN_PROTO, { keepCase: true }).root;
  const goPlugin = protobuf.parse(GO_PLUGIN_PROTO, { keepCase: true }).root;
  return {
    provider: serviceDefinition(tfplugin.lookupService('tfplugin6.Provider')),
    controller: serviceDefinition(goPlugin.lookupService('plugin.GRPCController')),
    broker: serviceDefinition(goPlugin.lookupService('plugin.GRPCBroker')),
    stdio: serviceDefinition(goPlugin.lookupService('plugin.GRPCStdio')),
  };
}

function serviceDefinition(service: protobuf.Service): ServiceDefinition {
  const fullName = service.fullName.replace(/^\./, '');
  const definition: Record<string, unknown> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: (value: object) => Buffer.from(request.encode(request.fromObject(value)).finish()),
      requestDeserialize: (bytes: Buffer) => request.toObject(request.decode(bytes), TO_OBJECT),
      responseSerialize: (value: object) => Buffer.from(response.encode(response.fromObject(value)).finish()),
      responseDeserialize: (bytes: Buffer) => response.toObject(response.decode(bytes), TO_OBJECT),
      originalName: method.name,
    };
  }
  return definition as unknown as ServiceDefinition;
}
