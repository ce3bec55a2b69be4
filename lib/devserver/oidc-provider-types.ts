// The slice of node-oidc-provider 9's API this server uses, typed by hand: the package ships no
// types and @types/oidc-provider lags its releases (provider-apis G13). Only what we call is here.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request context oidc-provider hands to configuration functions (a Koa context). */
export interface OidcContext {
  type?: string;
  body?: unknown;
  host?: string;
  readonly oidc: {
    readonly params?: Readonly<Record<string, unknown>>;
    readonly route?: string;
    readonly client?: OidcClient;
  };
}

export interface OidcClient {
  readonly clientId: string;
  readonly clientName?: string;
  readonly clientAuthMethod: string;
  readonly redirectUris: readonly string[];
}

/** oidc-provider's OAuth error classes: the message is the wire `error_description`. */
export type OidcErrorClass = new (description?: string, detail?: string) => Error;

export interface OidcErrors {
  readonly InvalidScope: OidcErrorClass;
  readonly InvalidTarget: OidcErrorClass;
  readonly InvalidClientMetadata: OidcErrorClass;
}

/** The metadata a registration policy sees: the request body of POST /reg or PUT /reg/:id. */
export type ClientMetadata = Readonly<Record<string, unknown>>;

export interface OidcToken {
  readonly kind: string;
  readonly clientId?: string;
  readonly scope?: string;
}

export interface InitialAccessTokenModel {
  new (properties: { policies?: string[]; expiresIn?: number }): { save(): Promise<string> };
  find(value: string): Promise<object | undefined>;
}

export interface RegistrationAccessTokenModel {
  new (properties: { clientId: string; policies?: string[] }): { save(): Promise<string> };
}

export interface OidcProvider {
  readonly issuer: string;
  readonly InitialAccessToken: InitialAccessTokenModel;
  readonly RegistrationAccessToken: RegistrationAccessTokenModel;
  readonly Client: { find(id: string): Promise<object | undefined> };
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  on(event: 'server_error', listener: (ctx: unknown, error: Error) => void): this;
}

/** Loose on purpose: the configuration is built and documented in provider-configuration.ts. */
export type OidcConfiguration = Readonly<Record<string, unknown>>;

export interface OidcProviderModule {
  readonly Provider: new (issuer: string, configuration: OidcConfiguration) => OidcProvider;
  readonly errors: OidcErrors;
}
