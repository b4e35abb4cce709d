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
  /**
   * The messages about one field (its path in the body, or a prefix of it), as they read beside it: without the
   * field's path at their start (the label names the field), each once.
   */
  campo(nome: string): string[] {
    const errori = (this.problema.errors ?? []).filter((e) => e.field === nome || e.field.startsWith(`${nome}.`) || e.field.startsWith(`${nome}[`));
    const testi = errori.map((e) => e.message.replace(/^[\w.[\]]+: /, ''));
    return [...new Set(testi)];
  }

  /**
   * The record cannot be shown to this user: missing, another office's (404), a section their role does not work in
   * (403), or an address that names no record (400 on the id). A deep link shows "non trovato" for all of them.
   */
  get nonTrovato(): boolean {
    const { status, errors } = this.problema;
    return status === 404 || status === 403 || (status === 400 && !!errors?.length && errors.every((e) => /^(id|codice|numero|path\.)/.test(e.field)));
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
