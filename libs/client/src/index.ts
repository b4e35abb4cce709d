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

/**
 * An upload's body as the API takes it (multipart/form-data): pass `bodySerializer: comeModulo`. Fields go in the
 * order of the body, so put the file last: the API reads the form as it streams and needs the fields before the file.
 * A file is a `File` (a `Blob` with its name).
 */
export function comeModulo(body: Record<string, unknown> | undefined): FormData {
  const form = new FormData();
  for (const [campo, valore] of Object.entries(body ?? {})) {
    if (valore !== undefined) form.append(campo, valore instanceof Blob ? valore : String(valore));
  }
  return form;
}
