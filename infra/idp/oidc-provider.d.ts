/**
 * The part of oidc-provider 9 (panva; ESM-only, no typings of its own) that infra/idp uses, typed by hand from its
 * source (lib/provider.js, lib/helpers/defaults.js, lib/models/grant.js).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface Client {
    clientId: string;
    clientName?: string;
    grantTypeAllowed(type: string): boolean;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface Session {
    accountId?: string;
    grantIdFor(clientId: string): string | undefined;
  }

  /** The token an extraTokenClaims or ttl function is given. */
  export interface Token {
    kind: string;
    accountId?: string;
    resourceServer?: { identifier(): string };
  }

  export interface OidcContext {
    client?: Client;
    session: Session;
    provider: Provider;
    params?: Record<string, unknown>;
    result?: { consent?: { grantId?: string } };
    route?: string;
  }

  /** A Koa 3 context, as oidc-provider passes it to middleware and helpers. */
  export interface KoaContext {
    method: string;
    path: string;
    host: string;
    req: IncomingMessage;
    res: ServerResponse;
    status: number;
    type: string;
    body: unknown;
    set(field: string, value: string): void;
    redirect(url: string): void;
    oidc: OidcContext;
  }

  export type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id?: string; scope?: string };
    session?: { accountId: string };
  }

  export type InteractionResults = { login: { accountId: string } } | { consent: { grantId: string } } | { error: string; error_description?: string };

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg: string } };
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    proxy: boolean;
    Grant: { new (init: { clientId: string; accountId: string }): Grant; find(id: string): Promise<Grant | undefined> };
    Client: { find(id: string): Promise<Client | undefined> };
    use(middleware: Middleware): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
    on(event: string, listener: (...args: never[]) => void): this;
  }
}
