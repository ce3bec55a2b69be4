// The one interface every provider API sits behind (docs/design.md §5). The backend reads capabilities
// instead of branching on a provider's name.
import type { ClientSpec, ProviderCapabilities } from '../model';

/**
 * How the backend manages one client later: for RFC 7592 the registration_client_uri and the
 * registration access token. It is a credential: it lives only in the encrypted ledger.
 */
export type ManagementHandle = Readonly<Record<string, string>>;

export interface CreatedClient {
  readonly clientId: string;
  /** Absent for public clients. */
  readonly clientSecret?: string;
  readonly handle: ManagementHandle;
}

/**
 * The client as the provider has it, mapped back to the canonical declared form (sorted,
 * de-duplicated, only the fields this API can report, in ClientSpec's names), so a plan right
 * after an apply is empty and a field edited by hand in a portal shows as drift.
 */
export interface ObservedClient {
  readonly clientId: string;
  /** Only the fields the API reports; a field absent here is "cannot tell", not "unset". */
  readonly fields: Partial<Pick<ClientSpec, ObservableField>>;
}

/** The ClientSpec fields an adapter may report back from the provider. */
export type ObservableField =
  | 'clientName' | 'description' | 'grantTypes' | 'requirePkce' | 'publicClient' | 'tokenEndpointAuthMethod'
  | 'applicationType' | 'scopes' | 'redirectUrls' | 'postLogoutRedirectUrls' | 'policyUrl' | 'termsOfServiceUrl'
  | 'logoUrl' | 'contacts' | 'accessTokenLifetimeSeconds' | 'customClaims';

/**
 * The same fields as data: the ones a provider can hold. Every other ClientSpec field (key, stack,
 * host, removalPolicy, secretExport, specVersion) is ours alone, so a change to it sends nothing.
 */
export const OBSERVABLE_FIELDS: readonly ObservableField[] = [
  'clientName', 'description', 'grantTypes', 'requirePkce', 'publicClient', 'tokenEndpointAuthMethod',
  'applicationType', 'scopes', 'redirectUrls', 'postLogoutRedirectUrls', 'policyUrl', 'termsOfServiceUrl',
  'logoUrl', 'contacts', 'accessTokenLifetimeSeconds', 'customClaims',
];

/** A client found at the provider by id or marker, with its secret where the API returns it. */
export interface FoundClient {
  readonly clientId: string;
  /** Only where the API returns it (capabilities.secretReturned === 'readable'). */
  readonly clientSecret?: string;
  readonly handle: ManagementHandle;
}

/** A client seen in a listing: never a secret. */
export interface ListedClient {
  readonly clientId: string;
  readonly clientName?: string;
}

/** Called with a rotated management handle; the adapter awaits it before anything else happens. */
export type PersistHandle = (handle: ManagementHandle) => Promise<void>;

export interface ProviderAdapter {
  readonly capabilities: ProviderCapabilities;
  /**
   * Everything a create needs that can fail without effect (endpoints, credentials): called
   * before the backend writes its intent, so a create that could not start leaves no trace.
   */
  prepareCreate(): Promise<void>;
  /** Creates the client with the declared metadata. */
  create(spec: ClientSpec): Promise<CreatedClient>;
  /** 'present' with the client's id, or 'gone' when the provider no longer has it. */
  read(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<'present' | 'gone'>;
  /**
   * Reads the client back for refresh and drift (see ObservedClient), or 'gone'. Where a read
   * rotates the management credential (RFC 7592 servers may), the adapter awaits `persistHandle`
   * with the new one before returning. Optional until every adapter has it.
   */
  observe?(spec: ClientSpec, clientId: string, handle: ManagementHandle, persistHandle: PersistHandle): Promise<ObservedClient | 'gone'>;
  /**
   * The management handle of a client made by hand, for `terraform import`: where the API can
   * manage a client by its id and a credential the person importing holds. Absent: no import.
   */
  importHandle?(clientId: string, managementToken: string, managementUri?: string): Promise<ManagementHandle>;
  /** Replaces the client's metadata with the declared object; the secret is never sent nor changed. */
  update(spec: ClientSpec, clientId: string, handle: ManagementHandle, persistHandle: PersistHandle): Promise<void>;
  /** 'deleted', or 'gone' when there was nothing to delete (a delete is idempotent). */
  delete(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<'deleted' | 'gone'>;
  /**
   * Whether the client still exists, asked where the management API cannot tell: RFC 7592 answers
   * 401 both for a deleted client and for a token rotated by an update whose answer was lost.
   * 'gone' only when the provider says so unambiguously.
   */
  confirmGone(spec: ClientSpec, clientId: string, clientSecret: string | undefined): Promise<'gone' | 'present' | 'unknown'>;
  /**
   * The client an earlier create of this spec's key made, found by the deterministic id or the
   * create's marker (capabilities.findBy), or undefined. `since`: when that create started, so an
   * API whose reads lag (light-portal) keeps looking for that long. Absent where findBy is 'none'.
   */
  find?(spec: ClientSpec, since?: Date): Promise<FoundClient | undefined>;
  /** The client with this id, for `oauth-clients adopt`, or 'gone'. Absent where the API cannot address a client by id alone. */
  locate?(spec: ClientSpec, clientId: string): Promise<FoundClient | 'gone'>;
  /** Issues a new secret (capabilities.secretRegenerable) and returns it with the handle after the change. */
  rotateSecret?(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<{ readonly clientSecret: string; readonly handle: ManagementHandle }>;
  /**
   * Every client the admin credential can see, page by page (capabilities.canList; drift's
   * duplicate check). An adapter whose provider turns out unable to list at run time (RFC 7591
   * except the development server) throws ListingUnavailable.
   */
  list?(spec: ClientSpec): AsyncIterable<ListedClient>;
  /**
   * A new management credential for a client whose credential the provider no longer accepts
   * (a rotated token lost with an update's answer), where the provider offers an administrative
   * way to issue one (the development server does); undefined when it does not.
   */
  reissueHandle?(spec: ClientSpec, clientId: string): Promise<ManagementHandle | undefined>;
  /** The token endpoint, exported with the credentials so applications need nothing else. */
  tokenEndpoint(): Promise<string>;
}
