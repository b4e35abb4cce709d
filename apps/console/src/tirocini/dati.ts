import type { Schemi } from '@app/client';
import { comeModulo } from '@app/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { esito, useApi } from '../comune/api';

export type Tirocinio = Schemi['TirocinioView'];
export type Progetto = Schemi['ProgettoDto'];
export type InBreve = Schemi['TirocinioInBreveView'];

const perId = (id: string) => ({ params: { path: { id } } });

/** One practice as the API shows it to the caller (404 for another office's or organisation's). */
export function useTirocinio(id: string) {
  const api = useApi();
  return useQuery({ queryKey: ['tirocini', id], queryFn: async () => esito(await api.GET('/api/v1/tirocini/{id}', perId(id))) });
}

export interface Filtri {
  stato?: string;
  scadenzaEntro?: string;
  /** The page after this cursor (the previous page's `successivo`); the first page without it. */
  dopo?: string;
}

export function useElenco(f: Filtri) {
  const api = useApi();
  return useQuery({
    queryKey: ['tirocini', 'elenco', f],
    queryFn: async () =>
      esito(
        await api.GET('/api/v1/tirocini', {
          params: {
            query: {
              limit: 20,
              ...(f.dopo ? { dopo: f.dopo } : {}),
              ...(f.stato ? { stato: f.stato } : {}),
              ...(f.scadenzaEntro ? { scadenzaEntro: f.scadenzaEntro } : {}),
            },
          },
        }),
      ),
  });
}

/** The office's practices waiting for a decision (responsabile only). */
export function useInbox(attiva: boolean) {
  const api = useApi();
  return useQuery({ queryKey: ['tirocini', 'inbox'], enabled: attiva, queryFn: async () => esito(await api.GET('/api/v1/tirocini/inbox')) });
}

/** After any step the practice, the lists and the inbox are read again. */
function useAggiorna() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['tirocini'] });
}

export function useCreaBozza() {
  const api = useApi();
  const aggiorna = useAggiorna();
  return useMutation({
    mutationFn: async (progetto: Progetto) => esito(await api.POST('/api/v1/tirocini', { body: { progetto } })),
    onSuccess: aggiorna,
  });
}

export function useModificaBozza(id: string) {
  const api = useApi();
  const aggiorna = useAggiorna();
  return useMutation({
    mutationFn: async (progetto: Progetto) => esito(await api.PUT('/api/v1/tirocini/{id}', { ...perId(id), body: { progetto } })),
    onSuccess: aggiorna,
  });
}

export function useCaricaDocumento(id: string) {
  const api = useApi();
  const aggiorna = useAggiorna();
  return useMutation({
    mutationFn: async (v: { tipo: string; file: File; firmato: boolean }) =>
      esito(
        await api.POST('/api/v1/tirocini/{id}/documenti', {
          params: { path: { id }, query: { firmato: v.firmato } },
          body: { tipo: v.tipo, file: v.file },
          bodySerializer: comeModulo,
        }),
      ),
    onSuccess: aggiorna,
  });
}

export function useInvio(id: string) {
  const api = useApi();
  const aggiorna = useAggiorna();
  return useMutation({
    mutationFn: async () => esito(await api.POST('/api/v1/tirocini/{id}/invio', perId(id))),
    onSuccess: aggiorna,
  });
}

type Api = ReturnType<typeof useApi>;

/** The steps of a submitted practice, each one POST with its typed body: decision, integration, CO, attendance, … */
const PASSI = {
  decisione: (api: Api, id: string, body: Schemi['DecisioneTirocinioDto']) => api.POST('/api/v1/tirocini/{id}/decisione', { ...perId(id), body }),
  integrazione: (api: Api, id: string, body: Schemi['IntegrazioneDto']) => api.POST('/api/v1/tirocini/{id}/integrazione', { ...perId(id), body }),
  comunicazione: (api: Api, id: string, body: Schemi['ComunicazioneDto']) =>
    api.POST('/api/v1/tirocini/{id}/comunicazione-obbligatoria', { ...perId(id), body }),
  presenze: (api: Api, id: string, body: Schemi['PresenzeDto']) => api.POST('/api/v1/tirocini/{id}/presenze', { ...perId(id), body }),
  sospensione: (api: Api, id: string, body: Schemi['SospensioneDto']) => api.POST('/api/v1/tirocini/{id}/sospensione', { ...perId(id), body }),
  ripresa: (api: Api, id: string, body: Schemi['RipresaDto']) => api.POST('/api/v1/tirocini/{id}/ripresa', { ...perId(id), body }),
  proroga: (api: Api, id: string, body: Schemi['ProrogaDto']) => api.POST('/api/v1/tirocini/{id}/proroga', { ...perId(id), body }),
  interruzione: (api: Api, id: string, body: Schemi['InterruzioneDto']) => api.POST('/api/v1/tirocini/{id}/interruzione', { ...perId(id), body }),
  ritiro: (api: Api, id: string, body: Schemi['RitiroDto']) => api.POST('/api/v1/tirocini/{id}/ritiro', { ...perId(id), body }),
};
export type Passo = keyof typeof PASSI;
export type CorpoPasso<P extends Passo> = Parameters<(typeof PASSI)[P]>[2];

export function usePasso<P extends Passo>(id: string, passo: P) {
  const api = useApi();
  const aggiorna = useAggiorna();
  return useMutation({
    mutationFn: async (body: CorpoPasso<P>) =>
      esito<Tirocinio>(await (PASSI[passo] as (a: Api, i: string, b: CorpoPasso<P>) => ReturnType<(typeof PASSI)['ripresa']>)(api, id, body)),
    onSuccess: aggiorna,
  });
}

/** A document's bytes (the API needs the bearer token, so no plain link): an object URL to open or save. */
export function useScaricaDocumento() {
  const api = useApi();
  return useMutation({
    mutationFn: async (documentoId: string) => {
      const blob = esito(await api.GET('/api/v1/documenti/{id}', { ...perId(documentoId), parseAs: 'blob' })) as unknown as Blob;
      return URL.createObjectURL(blob);
    },
  });
}
