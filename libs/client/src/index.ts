import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
/** The API's schemas by name, e.g. `Schemi['PraticaView']`. */
export type Schemi = components['schemas'];
export type ClientApi = Client<paths>;

/**
 * A client of the API typed from its contract: openapi.json at the repository root, turned into `schema.d.ts` by
 * `npm run client` (generated, not committed). Paths, parameters, bodies, answers and problems are all checked by the
 * compiler. `token`: the bearer JWT of the caller, when authenticated.
 */
export function creaClient(baseUrl: string, token?: string): ClientApi {
  return createClient<paths>({ baseUrl, headers: token ? { Authorization: `Bearer ${token}` } : {} });
}
