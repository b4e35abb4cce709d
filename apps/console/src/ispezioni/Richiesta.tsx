import { Link, useParams } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { ErroreApi } from '../comune/api';
import { Cronologia } from '../comune/Cronologia';
import { data, dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { AzioniIspettore } from './AzioniIspettore';
import { type Richiesta as RichiestaView, useAssegnazioni, useRichiesta } from './hooks';
import { Riassegnazione } from './Riassegnazione';
import { attesa, fonte, priorita, regola, statoRichiesta, statoTermine, termine } from './testi';

/** One intervention request: its data, state, terms, assignments (each with its transcript) and the steps the user may take. */
export function Richiesta() {
  const { id = '' } = useParams();
  const { utente } = useSessione();
  const query = useRichiesta(id);
  const assegnata = !!query.data && query.data.tentativo > 0;
  const assegnazioni = useAssegnazioni(id, assegnata);
  if (query.isPending) return <p role="status">Caricamento della richiesta…</p>;
  if (query.isError) {
    const nonTrovata = query.error instanceof ErroreApi && query.error.nonTrovato;
    return (
      <>
        <p>
          <Link to="/ispezioni">Torna alle ispezioni</Link>
        </p>
        <h1>{nonTrovata ? 'Richiesta non trovata' : 'Richiesta non disponibile'}</h1>
        {nonTrovata ? (
          <p>La richiesta non esiste, oppure non è accessibile con il proprio profilo (appartiene a un altro ispettorato o è assegnata ad altri).</p>
        ) : (
          <MostraErrore errore={query.error} />
        )}
      </>
    );
  }
  const r = query.data;
  const mia = r.ispettoreId === utente?.sub && haRuolo(utente, 'ispettore');
  return (
    <>
      <p>
        <Link to="/ispezioni">Torna alle ispezioni</Link>
      </p>
      <h1>Richiesta di intervento: {r.sede}</h1>
      <p className="lead">
        Stato:{' '}
        <span className="badge bg-primary" data-testid="stato-richiesta">
          {statoRichiesta(r.stato)}
        </span>
      </p>
      {r.attesa && (
        <div className="alert alert-warning" role="status">
          <p className="fw-bold mb-1">In attesa del sorteggio: {attesa(r.attesa.motivo)}</p>
          <p className="mb-1">{r.attesa.dettaglio}</p>
          {r.attesa.riprovaIl && <p className="mb-0">Sarà ritentato da solo il {dataOra(r.attesa.riprovaIl)}.</p>}
        </div>
      )}
      <Dati r={r} />
      {mia && <AzioniIspettore richiesta={r} />}
      {haRuolo(utente, 'dirigente', 'responsabile') && r.stato !== 'chiusa' && r.tentativo > 0 && <Riassegnazione richiesta={r} />}
      <Scadenze r={r} />
      <section aria-labelledby="assegnazioni-titolo" className="mt-4">
        <h2 id="assegnazioni-titolo" className="h4">
          Assegnazioni
        </h2>
        {!assegnata ? (
          <p>Nessuna assegnazione ancora.</p>
        ) : assegnazioni.isError ? (
          <MostraErrore errore={assegnazioni.error} titolo="Impossibile leggere le assegnazioni" />
        ) : (
          <ol>
            {(assegnazioni.data ?? []).map((a) => (
              <li key={a.id}>
                Tentativo {a.tentativo}: {a.tipo === 'sorteggio' ? 'sorteggio' : 'assegnazione manuale'} a {a.ispettoreId}, {dataOra(a.registratoIl)} —{' '}
                <Link to={`/ispezioni/assegnazioni/${a.id}`}>trascrizione del tentativo {a.tentativo}</Link>
              </li>
            ))}
          </ol>
        )}
      </section>
      {haRuolo(utente, 'responsabile', 'dirigente', 'amministratore') && <Cronologia entita={`richiesta-intervento:${r.id}`} />}
    </>
  );
}

function Dati({ r }: { r: RichiestaView }) {
  const proc = r.procedura as { astensioni?: Array<{ ispettoreId: string; motivo?: string; il: string }> };
  return (
    <dl className="row">
      <dt className="col-sm-3">Ispettorato</dt>
      <dd className="col-sm-9">{r.ispettorato}</dd>
      <dt className="col-sm-3">Ispettore assegnato</dt>
      <dd className="col-sm-9" data-testid="ispettore-assegnato">
        {r.ispettoreId ?? 'Non ancora assegnata'}
      </dd>
      <dt className="col-sm-3">Tentativo di sorteggio</dt>
      <dd className="col-sm-9">{r.tentativo}</dd>
      <dt className="col-sm-3">Registrata il</dt>
      <dd className="col-sm-9">{dataOra(r.registrataIl)}</dd>
      <dt className="col-sm-3">Fonte</dt>
      <dd className="col-sm-9">{fonte(r.fonte)}</dd>
      <dt className="col-sm-3">Territorio</dt>
      <dd className="col-sm-9">{r.territorio}</dd>
      <dt className="col-sm-3">Tipo di pratica</dt>
      <dd className="col-sm-9">{r.tipoPratica}</dd>
      <dt className="col-sm-3">Priorità</dt>
      <dd className="col-sm-9">{priorita(r.priorita)}</dd>
      <dt className="col-sm-3">Azienda (identificativo)</dt>
      <dd className="col-sm-9">{r.aziendaId}</dd>
      <dt className="col-sm-3">Descrizione</dt>
      <dd className="col-sm-9">{r.descrizione}</dd>
      {(proc.astensioni ?? []).length > 0 && (
        <>
          <dt className="col-sm-3">Astensioni</dt>
          <dd className="col-sm-9">
            <ul className="mb-0">
              {proc.astensioni!.map((a, i) => (
                <li key={i}>
                  {a.ispettoreId} il {dataOra(a.il)}
                  {a.motivo ? `: ${a.motivo}` : ''} ({regola('astensione').toLowerCase()})
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

function Scadenze({ r }: { r: RichiestaView }) {
  return (
    <section aria-labelledby="scadenze-titolo" className="mt-4">
      <h2 id="scadenze-titolo" className="h4">
        Scadenze
      </h2>
      <table className="table">
        <caption className="visually-hidden">I termini dell’ispezione</caption>
        <thead>
          <tr>
            <th scope="col">Termine</th>
            <th scope="col">A carico di</th>
            <th scope="col">Durata</th>
            <th scope="col">Ultimo giorno</th>
            <th scope="col">Stato</th>
          </tr>
        </thead>
        <tbody>
          {r.scadenze.map((t) => (
            <tr key={t.termine}>
              <th scope="row">
                {termine(t.termine)}
                <div className="small fw-normal">{t.descrizione}</div>
              </th>
              <td>{t.aCarico === 'ispettore' ? 'Ispettore' : 'Azienda'}</td>
              <td>
                {t.giorni} giorni {t.tipoGiorni}
              </td>
              <td>{t.ultimoGiorno ? data(t.ultimoGiorno) : '—'}</td>
              <td>{statoTermine(t.stato)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
