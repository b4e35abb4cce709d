import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ErroreApi, esito, useApi } from '../comune/api';
import { dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { type Assegnazione as AssegnazioneView, type TrascrizioneManuale, type TrascrizioneSorteggio, useAssegnazione } from './hooks';
import { regola } from './testi';

/** The transcript of one assignment (a draw or a manual one) with its place in the chain, and its verification. */
export function Assegnazione() {
  const { id = '' } = useParams();
  const query = useAssegnazione(id);
  if (query.isPending) return <p role="status">Caricamento della trascrizione…</p>;
  if (query.isError) {
    const nonTrovata = query.error instanceof ErroreApi && query.error.nonTrovato;
    return (
      <>
        <h1>{nonTrovata ? 'Assegnazione non trovata' : 'Assegnazione non disponibile'}</h1>
        {nonTrovata ? <p>L’assegnazione non esiste o non è accessibile con il proprio profilo.</p> : <MostraErrore errore={query.error} />}
      </>
    );
  }
  const a = query.data;
  return (
    <>
      <p>
        <Link to={`/ispezioni/richieste/${a.richiestaId}`}>Torna alla richiesta</Link>
      </p>
      <h1>
        Trascrizione del tentativo {a.tentativo}: {a.tipo === 'sorteggio' ? 'sorteggio' : 'assegnazione manuale'}
      </h1>
      <dl className="row">
        <dt className="col-sm-3">Ispettore assegnato</dt>
        <dd className="col-sm-9">{a.ispettoreId}</dd>
        <dt className="col-sm-3">Registrata il</dt>
        <dd className="col-sm-9">{dataOra(a.registratoIl)}</dd>
        <dt className="col-sm-3">Posizione nella catena</dt>
        <dd className="col-sm-9">
          {a.catena}, n. {a.n}
        </dd>
        <dt className="col-sm-3">Hash</dt>
        <dd className="col-sm-9 text-break font-monospace small">{a.hash}</dd>
        <dt className="col-sm-3">Hash precedente</dt>
        <dd className="col-sm-9 text-break font-monospace small">{a.prevHash}</dd>
      </dl>
      {a.periodo && <PeriodoDelSorteggio periodo={a.periodo} />}
      {a.tipo === 'sorteggio' ? (
        <Sorteggio t={a.trascrizione as unknown as TrascrizioneSorteggio} />
      ) : (
        <Manuale t={a.trascrizione as unknown as TrascrizioneManuale} />
      )}
      <Verifica a={a} />
    </>
  );
}

function PeriodoDelSorteggio({ periodo: p }: { periodo: NonNullable<AssegnazioneView['periodo']> }) {
  return (
    <section aria-labelledby="periodo-titolo" className="mb-4">
      <h2 id="periodo-titolo" className="h4">
        Periodo {p.periodo}
      </h2>
      <p>
        Dal {dataOra(p.inizio)} al {dataOra(p.fine)}; impegno pubblicato il {dataOra(p.pubblicatoIl)}.{' '}
        {p.rivelatoIl ? `Segreto rivelato il ${dataOra(p.rivelatoIl)}.` : 'Il segreto sarà rivelato a periodo chiuso.'}
      </p>
      <p className="text-break font-monospace small mb-0">Impegno: {p.impegno}</p>
      {p.segreto && <p className="text-break font-monospace small">Segreto: {p.segreto}</p>}
    </section>
  );
}

function Sorteggio({ t }: { t: TrascrizioneSorteggio }) {
  return (
    <>
      <section aria-labelledby="candidati-titolo" className="mb-4">
        <h2 id="candidati-titolo" className="h4">
          Candidati e pesi
        </h2>
        <p>
          Algoritmo {t.algoritmo}; {t.pesoFormula}. Totale dei pesi {t.estrazione.totale}, valore estratto {t.estrazione.valore}
          {t.estrazione.rifiutati ? ` (dopo ${t.estrazione.rifiutati} valori scartati)` : ''}.
        </p>
        <table className="table">
          <caption className="visually-hidden">Candidati del sorteggio</caption>
          <thead>
            <tr>
              <th scope="col">Ispettore</th>
              <th scope="col">Ispezioni aperte</th>
              <th scope="col">Peso</th>
              <th scope="col">Scelto</th>
            </tr>
          </thead>
          <tbody>
            {t.candidati.map((c) => (
              <tr key={c.ispettoreId}>
                <th scope="row">{c.ispettoreId}</th>
                <td>{c.caricoAperto}</td>
                <td>{c.peso.toLocaleString('it-IT')}</td>
                <td>{c.ispettoreId === t.estrazione.scelto ? 'Sì' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {t.beacon && <p className="small">Valore pubblico (beacon) del round {t.beacon.round}.</p>}
      </section>
      <section aria-labelledby="esclusi-titolo" className="mb-4">
        <h2 id="esclusi-titolo" className="h4">
          Esclusi
        </h2>
        {t.esclusi.length === 0 ? (
          <p>Nessun ispettore escluso.</p>
        ) : (
          <ul>
            {t.esclusi.map((e) => (
              <li key={e.ispettoreId}>
                {e.ispettoreId}: {e.motivi.map((m) => `${regola(m.regola)} (${m.dettaglio})`).join('; ')}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Manuale({ t }: { t: TrascrizioneManuale }) {
  return (
    <section aria-labelledby="manuale-titolo" className="mb-4">
      <h2 id="manuale-titolo" className="h4">
        Assegnazione manuale
      </h2>
      <p>
        Proposta da {t.propostaDa}, approvata da {t.approvataDa}. Motivo: {t.motivo}. Regole verificate: {t.regoleVerificate.map(regola).join(', ')}.
        {t.derogaRotazione ? ` Deroga alla rotazione: ${t.derogaRotazione}.` : ''}
      </p>
    </section>
  );
}

/** Recomputes the draw with the revealed secret and walks the chain (GET …/verifica), and says whether it holds. */
function Verifica({ a }: { a: AssegnazioneView }) {
  const api = useApi();
  const [chiesta, setChiesta] = useState(false);
  const v = useQuery({
    queryKey: ['ispezioni', 'verifica', a.id],
    queryFn: async () => esito(await api.GET('/api/v1/assegnazioni/{id}/verifica', { params: { path: { id: a.id } } })),
    enabled: chiesta,
  });
  return (
    <section aria-labelledby="verifica-titolo" className="mb-4">
      <h2 id="verifica-titolo" className="h4">
        Verifica
      </h2>
      <p>Ricalcola il sorteggio dal segreto rivelato del periodo e controlla la catena delle trascrizioni dell’ispettorato.</p>
      <button type="button" className="btn btn-primary mb-3" onClick={() => (chiesta ? void v.refetch() : setChiesta(true))} disabled={v.isFetching}>
        {v.isFetching ? 'Verifica in corso…' : 'Verifica'}
      </button>
      {v.isError && <MostraErrore errore={v.error} titolo="Verifica non riuscita" />}
      {v.data && (
        <div
          role="status"
          data-testid="esito-verifica"
          className={`alert ${!v.data.verificabile ? 'alert-warning' : v.data.valido && v.data.catena.valido ? 'alert-success' : 'alert-danger'}`}
        >
          {!v.data.verificabile ? (
            <>
              <p className="fw-bold mb-1">Non ancora verificabile</p>
              <p className="mb-0">{v.data.dettaglio ?? v.data.motivo ?? 'Il segreto del periodo non è ancora rivelato.'}</p>
            </>
          ) : v.data.valido && v.data.catena.valido ? (
            <>
              <p className="fw-bold mb-1">Valida: il ricalcolo conferma l’assegnazione</p>
              {v.data.ricalcolo && (
                <p className="mb-0">
                  Ricalcolato: valore {v.data.ricalcolo.valore} su {v.data.ricalcolo.totale}, scelto {v.data.ricalcolo.scelto}. Catena integra (
                  {v.data.catena.trascrizioni} trascrizioni).
                </p>
              )}
              {!v.data.ricalcolo && <p className="mb-0">Catena integra ({v.data.catena.trascrizioni} trascrizioni).</p>}
            </>
          ) : (
            <>
              <p className="fw-bold mb-1">Non valida</p>
              <ul className="mb-0">
                {[...(v.data.motivi ?? []), ...v.data.catena.problemi.map((p) => (p.n ? `trascrizione ${p.n}: ${p.motivo}` : p.motivo))].map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
