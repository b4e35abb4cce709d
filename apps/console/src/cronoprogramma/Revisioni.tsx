import type { Schemi } from '@app/client';
import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { haRuolo, useSessione } from '../auth/sessione';
import { esito, useApi } from '../comune/api';
import { Caricamento } from '../comune/Caricamento';
import { Campo } from '../comune/Campo';
import { dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { ConPiano } from './ConPiano';
import { useAggiornaPiano, useRevisioni } from './dati';
import { FileDocumento } from './FileDocumento';
import { statoRevisione, type Documento, type Piano } from './parole';

type Revisione = Schemi['RevisioneView'];

/** A proposal's decision by a dirigente who did not propose it. */
function Decisione({ piano, r }: { piano: Piano; r: Revisione }) {
  const api = useApi();
  const aggiorna = useAggiornaPiano();
  const [esitoScelto, setEsito] = useState<'approvata' | 'respinta'>('approvata');
  const [motivazione, setMotivazione] = useState('');
  const decidi = useMutation({
    mutationFn: async () =>
      esito(
        await api.POST('/api/v1/piani/{id}/revisioni/{numero}/decisione', {
          params: { path: { id: piano.id, numero: r.numero } },
          body: { esito: esitoScelto, motivazione },
        }),
      ),
    onSuccess: () => aggiorna(piano.id),
  });
  const invia = (e: FormEvent) => {
    e.preventDefault();
    decidi.mutate();
  };
  return (
    <form onSubmit={invia} noValidate className="mt-2">
      <fieldset className="mb-2">
        <legend className="fs-6 fw-semibold">Decisione sulla revisione {r.numero}</legend>
        {(['approvata', 'respinta'] as const).map((v) => (
          <div className="form-check form-check-inline" key={v}>
            <input
              className="form-check-input"
              type="radio"
              name={`esito-${r.numero}`}
              id={`esito-${r.numero}-${v}`}
              checked={esitoScelto === v}
              onChange={() => setEsito(v)}
            />
            <label className="form-check-label" htmlFor={`esito-${r.numero}-${v}`}>
              {v === 'approvata' ? 'Approva' : 'Respingi'}
            </label>
          </div>
        ))}
      </fieldset>
      <Campo etichetta="Motivazione" nome="motivazione" errore={decidi.error} aiuto="Almeno 10 caratteri.">
        {(p) => <textarea {...p} rows={2} value={motivazione} onChange={(e) => setMotivazione(e.target.value)} />}
      </Campo>
      <MostraErrore errore={decidi.error} titolo="La decisione non è stata registrata" />
      <button type="submit" className="btn btn-primary btn-sm" disabled={decidi.isPending}>
        Registra la decisione
      </button>
    </form>
  );
}

/** A revision proposed from a new version of the plan document, with its reason. */
function Proposta({ piano }: { piano: Piano }) {
  const api = useApi();
  const aggiorna = useAggiornaPiano();
  const [documento, setDocumento] = useState<Documento>();
  const [motivo, setMotivo] = useState('');
  const proponi = useMutation({
    mutationFn: async (d: Documento) =>
      esito(await api.POST('/api/v1/piani/{id}/revisioni', { params: { path: { id: piano.id } }, body: { documento: d, motivo } })),
    onSuccess: () => aggiorna(piano.id),
  });
  const invia = (e: FormEvent) => {
    e.preventDefault();
    if (documento) proponi.mutate(documento);
  };
  return (
    <section aria-labelledby="proposta-titolo" className="card card-bg p-3 mb-4">
      <h2 id="proposta-titolo" className="h4">
        Proponi una revisione
      </h2>
      <p>Si parte dal documento esportato dal piano, con le date, i pesi o le fasi cambiati. Il monitoraggio già riportato resta.</p>
      <form onSubmit={invia} noValidate>
        <FileDocumento etichetta="Documento rivisto (JSON)" documento={documento} onDocumento={setDocumento} errore={proponi.error} />
        <Campo etichetta="Motivo della revisione" nome="motivo" errore={proponi.error} aiuto="Almeno 10 caratteri.">
          {(p) => <textarea {...p} rows={2} value={motivo} onChange={(e) => setMotivo(e.target.value)} />}
        </Campo>
        <MostraErrore errore={proponi.error} titolo="La revisione non è stata proposta" />
        <button type="submit" className="btn btn-primary" disabled={!documento || proponi.isPending}>
          Proponi la revisione
        </button>
      </form>
    </section>
  );
}

/** Every baseline and proposal of a plan (earlier baselines stay readable), proposals and their decisions. */
export function Revisioni() {
  const { utente } = useSessione();
  return (
    <ConPiano schermata="Revisioni">
      {(piano) => (
        <>
          <ElencoRevisioni piano={piano} sub={utente?.sub} dirigente={haRuolo(utente, 'dirigente')} />
          {piano.stato === 'attivo' && haRuolo(utente, 'responsabile', 'dirigente') && <Proposta piano={piano} />}
        </>
      )}
    </ConPiano>
  );
}

function ElencoRevisioni({ piano, sub, dirigente }: { piano: Piano; sub?: string; dirigente: boolean }) {
  const query = useRevisioni(piano.id);
  return (
    <Caricamento query={query} cosa="le revisioni">
      {(revisioni) =>
        revisioni.length === 0 ? (
          <p>Nessuna baseline: il piano è ancora in bozza.</p>
        ) : (
          <ol className="list-unstyled">
            {revisioni.map((r) => (
              <li key={r.numero} className="card card-bg p-3 mb-3" data-revisione={r.numero}>
                <h2 className="h5">
                  Revisione {r.numero} — {statoRevisione(r.stato)}
                  {r.numero === piano.baseline ? ' (baseline in vigore)' : ''}
                </h2>
                <p className="mb-1">Motivo: {r.motivo}</p>
                <p className="mb-1 small">
                  Proposta da {r.propostaDa} il {dataOra(r.propostaIl)}
                  {r.decisaDa ? `; decisa da ${r.decisaDa} il ${dataOra(r.decisaIl)}${r.motivazioneDecisione ? `: ${r.motivazioneDecisione}` : ''}` : ''}
                </p>
                {r.differenze.length > 0 && (
                  <ul className="small mb-1">
                    {r.differenze.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                )}
                {r.stato === 'proposta' &&
                  dirigente &&
                  (r.propostaDa === sub ? (
                    <p className="small mb-0">Proposta da lei: la decide un altro dirigente dell’ufficio.</p>
                  ) : (
                    <Decisione piano={piano} r={r} />
                  ))}
              </li>
            ))}
          </ol>
        )
      }
    </Caricamento>
  );
}
