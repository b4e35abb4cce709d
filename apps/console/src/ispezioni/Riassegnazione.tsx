import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schemi } from '@app/client';
import { FormEvent, useState } from 'react';
import { haRuolo, useSessione } from '../auth/sessione';
import { esito, useApi } from '../comune/api';
import { Campo } from '../comune/Campo';
import { dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { chiavi, type Richiesta } from './hooks';

interface Proposta {
  ispettoreId: string;
  motivo: string;
  propostaDa: string;
  propostaIl: string;
  stato: 'proposta' | 'approvata';
}

/**
 * A manual reassignment: proposed with a reason by a dirigente or responsabile, in force once another dirigente
 * approves it. The inspector must be eligible as for a draw: the API names every rule failed, beside the field.
 */
export function Riassegnazione({ richiesta: r }: { richiesta: Richiesta }) {
  const api = useApi();
  const qc = useQueryClient();
  const { utente } = useSessione();
  const path = { params: { path: { id: r.id } } };
  const proposta = (r.procedura as { riassegnazione?: Proposta }).riassegnazione;
  const [corpo, setCorpo] = useState<Schemi['RiassegnazioneDto']>({ ispettoreId: '', motivo: '' });
  const aggiorna = () => qc.invalidateQueries({ queryKey: chiavi.richieste });
  const proponi = useMutation({
    mutationFn: async () =>
      esito(
        await api.POST('/api/v1/richieste-intervento/{id}/riassegnazione', {
          ...path,
          body: { ...corpo, derogaRotazione: corpo.derogaRotazione || undefined },
        }),
      ),
    onSuccess: aggiorna,
  });
  const decidi = useMutation({
    mutationFn: async (e: Schemi['DecisioneRiassegnazioneDto']['esito']) =>
      esito(await api.POST('/api/v1/richieste-intervento/{id}/riassegnazione/decisione', { ...path, body: { esito: e } })),
    onSuccess: aggiorna,
  });
  const invio = (e: FormEvent) => {
    e.preventDefault();
    proponi.mutate();
  };

  if (proposta?.stato === 'proposta') {
    const possoDecidere = haRuolo(utente, 'dirigente') && proposta.propostaDa !== utente?.sub;
    return (
      <section aria-labelledby="riass-titolo" className="mt-4">
        <h2 id="riass-titolo" className="h4">
          Riassegnazione da approvare
        </h2>
        <p>
          Proposta da {proposta.propostaDa} il {dataOra(proposta.propostaIl)}: assegnare a <strong>{proposta.ispettoreId}</strong>. Motivo: {proposta.motivo}
        </p>
        {possoDecidere ? (
          <div className="d-flex gap-2">
            <button type="button" className="btn btn-primary" disabled={decidi.isPending} onClick={() => decidi.mutate('approvata')}>
              Approva la riassegnazione
            </button>
            <button type="button" className="btn btn-outline-danger" disabled={decidi.isPending} onClick={() => decidi.mutate('respinta')}>
              Respingi la riassegnazione
            </button>
          </div>
        ) : (
          <p>La decide un dirigente diverso da chi l’ha proposta.</p>
        )}
        <MostraErrore errore={decidi.error} />
      </section>
    );
  }
  if (r.stato !== 'assegnata' && r.stato !== 'accettata') return null;
  return (
    <details className="mt-4">
      <summary className="h5">Proponi una riassegnazione manuale</summary>
      <form onSubmit={invio} noValidate className="mt-3">
        <Campo etichetta="Ispettore (login)" nome="ispettoreId" errore={proponi.error}>
          {(p) => <input {...p} value={corpo.ispettoreId} onChange={(e) => setCorpo({ ...corpo, ispettoreId: e.target.value })} />}
        </Campo>
        <Campo etichetta="Motivo" nome="motivo" errore={proponi.error} aiuto="Almeno 10 caratteri.">
          {(p) => <textarea {...p} rows={2} value={corpo.motivo} onChange={(e) => setCorpo({ ...corpo, motivo: e.target.value })} />}
        </Campo>
        <Campo etichetta="Deroga alla rotazione (solo se necessaria)" nome="derogaRotazione" errore={proponi.error}>
          {(p) => <input {...p} value={corpo.derogaRotazione ?? ''} onChange={(e) => setCorpo({ ...corpo, derogaRotazione: e.target.value })} />}
        </Campo>
        <MostraErrore errore={proponi.error} titolo="Riassegnazione non proposta" />
        <button type="submit" className="btn btn-outline-primary" disabled={proponi.isPending}>
          Proponi la riassegnazione
        </button>
      </form>
    </details>
  );
}
