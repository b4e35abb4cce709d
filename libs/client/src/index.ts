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
 * An upload's body as the API takes it (multipart/form-data): pass `bodySerializer: comeModulo`. The API reads the form
 * as it streams and needs the fields before the file, so the files go last whatever the body's order; absent and null
 * values are left out. A file is a `File` (a `Blob` with its name).
 */
export function comeModulo(body: Record<string, unknown> | undefined): FormData {
  const form = new FormData();
  const voci = Object.entries(body ?? {}).filter(([, valore]) => valore !== undefined && valore !== null);
  for (const [campo, valore] of voci) if (!(valore instanceof Blob)) form.append(campo, String(valore));
  for (const [campo, valore] of voci) if (valore instanceof Blob) form.append(campo, valore);
  return form;
}
