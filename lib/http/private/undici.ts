// The two pieces of undici the client uses, loaded without undici's index.
// `require('undici')` also loads fetch, WebSocket, caches and mocks: ~100 ms per process against
// ~40 ms for these two modules, and this code runs in a process Terraform starts for every client.
// The paths are internal to undici; package.json pins undici to an exact version and the tests
// exercise both, so an upgrade that moves them fails loudly.
import type { Agent as AgentClass, Dispatcher } from 'undici';

/** undici's connection-pooling dispatcher (same class as `import { Agent } from 'undici'`). */
export const Agent: typeof AgentClass = require('undici/lib/dispatcher/agent.js');

const requestOn: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> =
  require('undici/lib/api/api-request.js');

/** `dispatcher.request(options)` — undici attaches it to the prototype only in its index. */
export function request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestOn.call(dispatcher, options);
}

export type { Dispatcher };
