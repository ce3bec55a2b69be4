// The local development authorization server: node-oidc-provider with RFC 7591/7592 dynamic
// client registration, the project's embedded default provider (`npm run provider`).

export { startDevServer } from './start-dev-server';
export type { DevServer, DevServerOptions } from './dev-server-options';
export { DEV_SERVER_DEFAULTS } from './defaults';
