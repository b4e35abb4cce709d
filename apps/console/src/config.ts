/**
 * Where the console finds its API and its identity provider: `config.json` beside index.html, read once at start.
 * The API serves it from its own settings; a static web server in production serves the operator's file. One build
 * runs anywhere.
 */
export interface ConfigConsole {
  /** The API's origin; empty: the console's own. */
  api: string;
  oidc: { authority: string; clientId: string; scope: string };
}

export async function caricaConfig(): Promise<ConfigConsole> {
  const risposta = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!risposta.ok) throw new Error(`configurazione della console non disponibile (${risposta.status})`);
  const config = (await risposta.json()) as { api?: string; oidc?: { authority?: string; clientId?: string; scope?: string } };
  if (!config.oidc?.authority || !config.oidc.clientId) throw new Error('configurazione della console incompleta: manca il fornitore di identità');
  const { authority, clientId, scope } = config.oidc;
  return { api: config.api ?? '', oidc: { authority, clientId, scope: scope ?? 'openid profile ruoli' } };
}
