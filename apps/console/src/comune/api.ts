import { creaClient, type ClientApi, type Schemi } from '@app/client';
import { createContext, useContext, useMemo } from 'react';
import { useSessione } from '../auth/sessione';

export type Problema = Schemi['ProblemDetails'];

/** An API answer that is not a success, as the console shows it: the problem+json and the HTTP status. */
export class ErroreApi extends Error {
  constructor(
    readonly problema: Problema,
    readonly riprovaTra?: number,
  ) {
    super(problema.detail ?? problema.title);
  }
  /** The messages about one field (its path in the body, or a prefix of it). */
  campo(nome: string): string[] {
    return (this.problema.errors ?? [])
      .filter((e) => e.field === nome || e.field.startsWith(`${nome}.`) || e.field.startsWith(`${nome}[`))
      .map((e) => e.message);
  }
}

/** Ensures a typed client's answer succeeded: its data, or an ErroreApi with the problem the API gave. */
export function esito<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.response.ok) return r.data as T;
  const corpo = r.error as Partial<Problema> | undefined;
  const retry = Number(r.response.headers.get('Retry-After'));
  const problema: Problema =
    corpo && typeof corpo === 'object' && 'title' in corpo
      ? (corpo as Problema)
      : { type: 'about:blank', title: titoloPerStato(r.response.status), status: r.response.status };
  throw new ErroreApi(problema, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

function titoloPerStato(status: number): string {
  if (status === 401) return 'Sessione scaduta: accedere di nuovo';
  if (status === 403) return 'Operazione non consentita al proprio ruolo';
  if (status === 404) return 'Non trovato';
  if (status === 429) return 'Troppe richieste: riprovare tra poco';
  if (status >= 500) return 'Servizio momentaneamente non disponibile';
  return `Richiesta non riuscita (${status})`;
}

export const ApiBase = createContext<string>('');

/** The typed client of the API, with the logged-in user's token; a 401 asks the session to renew or end. */
export function useApi(): ClientApi {
  const base = useContext(ApiBase);
  const { token, tokenRifiutato } = useSessione();
  return useMemo(() => {
    const client = creaClient(base || window.location.origin, token);
    client.use({
      onResponse: ({ response }) => {
        if (response.status === 401) void tokenRifiutato();
        return undefined;
      },
    });
    return client;
  }, [base, token, tokenRifiutato]);
}
