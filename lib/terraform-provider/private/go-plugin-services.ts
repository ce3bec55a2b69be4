// The services every go-plugin client calls at start-up (hashicorp/go-plugin grpc_server.go):
// GRPCStdio (we keep our output on stderr, so the stream only stays open), GRPCBroker (we offer
// no sub-plugins: the stream is kept until the client ends it), GRPCController.Shutdown (Terraform's
// "kill" of the plugin: answer, then exit).
import type { sendUnaryData, ServerDuplexStream, ServerUnaryCall, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';

export function controllerService(shutdown: () => void): UntypedServiceImplementation {
  return {
    Shutdown: (_call: ServerUnaryCall<unknown, object>, callback: sendUnaryData<object>) => {
      callback(null, {});
      shutdown();
    },
  };
}

export function brokerService(): UntypedServiceImplementation {
  return {
    StartStream: (call: ServerDuplexStream<unknown, object>) => {
      call.on('data', () => undefined);
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
  };
}

export function stdioService(): UntypedServiceImplementation {
  return {
    StreamStdio: (call: ServerWritableStream<unknown, object>) => {
      call.on('cancelled', () => call.end());
      call.on('error', () => undefined);
    },
  };
}
