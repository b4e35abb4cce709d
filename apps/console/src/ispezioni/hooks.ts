import { useQuery } from '@tanstack/react-query';
import type { Schemi } from '@app/client';
import { esito, useApi } from '../comune/api';

export type Richiesta = Schemi['RichiestaView'];
export type Assegnazione = Schemi['AssegnazioneView'];
export type Periodo = Schemi['PeriodoSorteggioView'];

/** The query keys of this section, so that mutations invalidate exactly what they change. */
export const chiavi = {
  richieste: ['ispezioni', 'richieste'] as const,
  richiesta: (id: string) => ['ispezioni', 'richieste', id] as const,
  assegnazioni: (richiesta: string) => ['ispezioni', 'assegnazioni', richiesta] as const,
  assegnazione: (id: string) => ['ispezioni', 'assegnazione', id] as const,
  periodi: (codice: string) => ['ispezioni', 'periodi', codice] as const,
  coda: (codice: string) => ['ispezioni', 'coda', codice] as const,
};

/** The inspectorate's requests (an inspector's: only those assigned to them, as the API filters). */
export function useRichieste() {
  const api = useApi();
  return useQuery({ queryKey: chiavi.richieste, queryFn: async () => esito(await api.GET('/api/v1/richieste-intervento')) });
}

/** One request; while it waits for its draw it is read again every few seconds. */
export function useRichiesta(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: chiavi.richiesta(id),
    queryFn: async () => esito(await api.GET('/api/v1/richieste-intervento/{id}', { params: { path: { id } } })),
    retry: false,
    refetchInterval: (q) => (q.state.data?.stato === 'registrata' ? 2000 : false),
  });
}

export function useAssegnazioni(richiesta: string, attiva = true) {
  const api = useApi();
  return useQuery({
    queryKey: chiavi.assegnazioni(richiesta),
    queryFn: async () => esito(await api.GET('/api/v1/assegnazioni', { params: { query: { richiesta } } })),
    enabled: attiva,
  });
}

export function useAssegnazione(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: chiavi.assegnazione(id),
    queryFn: async () => esito(await api.GET('/api/v1/assegnazioni/{id}', { params: { path: { id } } })),
    retry: false,
  });
}

export function usePeriodi(codice: string) {
  const api = useApi();
  return useQuery({
    queryKey: chiavi.periodi(codice),
    queryFn: async () => esito(await api.GET('/api/v1/ispettorati/{codice}/periodi-sorteggio', { params: { path: { codice } } })),
  });
}

/** The transcript of a draw, as the domain records it (free-form in the contract). */
export interface TrascrizioneSorteggio {
  algoritmo: string;
  ispettorato: string;
  periodo: string;
  richiestaId: string;
  tentativo: number;
  impegnoSegreto: string;
  pesoFormula: string;
  registratoIl: string;
  candidati: Array<{ ispettoreId: string; caricoAperto: number; peso: number }>;
  esclusi: Array<{ ispettoreId: string; motivi: Array<{ regola: string; dettaglio: string; riferimento?: string }> }>;
  deroghe?: Array<{ regola: string; ispettoreId: string; dettaglio: string }>;
  beacon: { round: number; valore: string } | null;
  estrazione: { seme: string; totale: number; valore: number; rifiutati: number; scelto: string };
}

/** A manual assignment's transcript. */
export interface TrascrizioneManuale {
  tipo: 'manuale';
  ispettoreId: string;
  motivo: string;
  propostaDa: string;
  approvataDa: string;
  regoleVerificate: string[];
  derogaRotazione: string | null;
}
