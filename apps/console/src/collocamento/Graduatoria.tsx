import type { Schemi } from '@app/client';
import { Link, useParams } from 'react-router-dom';
import { Caricamento } from '../comune/Caricamento';
import { data } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { useGraduatoria, useVerifica } from './dati';
import { CRITERI_ORDINE, criterio, punti } from './testi';

type Voce = Schemi['VoceGraduatoriaView'];

/** The value a criterion scored, as read: a percentage, a date, euro (from cents), a count. */
function valore(c: string, v: string | number | null): string {
  if (v === null || v === undefined || v === '') return 'non presentato';
  if (c === 'invalidita') return `${v}%`;
  if (c === 'anzianita') return `iscritto dal ${data(String(v))}`;
  if (c === 'isee' && typeof v === 'number') return (v / 100).toLocaleString('it-IT', { style: 'currency', currency: 'EUR' });
  return String(v);
}

function Idonei({ voci }: { voci: Voce[] }) {
  const criteri = CRITERI_ORDINE.filter((c) => voci.some((v) => v.dettaglio.some((d) => d.criterio === c)));
  return (
    <table className="table table-sm" data-testid="graduatoria">
      <caption>Idonei in ordine di punteggio, con i punti per criterio</caption>
      <thead>
        <tr>
          <th scope="col">Posizione</th>
          <th scope="col">Persona</th>
          {criteri.map((c) => (
            <th scope="col" key={c}>
              {criterio(c)}
            </th>
          ))}
          <th scope="col">Totale</th>
        </tr>
      </thead>
      <tbody>
        {voci.map((v) => (
          <tr key={v.iscrittoId}>
            <td>{v.posizione}</td>
            <th scope="row">{v.iscrittoId}</th>
            {criteri.map((c) => {
              const d = v.dettaglio.find((x) => x.criterio === c);
              return (
                <td key={c} data-criterio={c}>
                  {d ? (
                    <>
                      {punti(d.punti)}
                      <div className="small text-muted">{valore(c, d.valore)}</div>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              );
            })}
            <td className="fw-bold">{punti(v.punteggio)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Verifica({ id }: { id: string }) {
  const verifica = useVerifica(id);
  const r = verifica.data;
  return (
    <section aria-labelledby="verifica-titolo" className="card card-body mb-4">
      <h2 id="verifica-titolo" className="h4">
        Verifica
      </h2>
      <p>Ricalcola la graduatoria dai dati conservati alla chiusura, con la versione delle regole registrata, e confronta lo SHA-256 con quello pubblicato.</p>
      <div>
        <button type="button" className="btn btn-outline-primary" onClick={() => verifica.mutate()} disabled={verifica.isPending}>
          {verifica.isPending ? 'Verifica in corso…' : 'Verifica'}
        </button>
      </div>
      <MostraErrore errore={verifica.error} titolo="Verifica non riuscita" />
      {r && (
        <div className={`alert mt-3 ${r.corrisponde ? 'alert-success' : 'alert-danger'}`} role="status" data-testid="esito-verifica">
          <p className="fw-bold mb-1">
            {r.corrisponde
              ? 'Corrisponde: la graduatoria ricalcolata è identica a quella pubblicata.'
              : 'Non corrisponde: la graduatoria ricalcolata è diversa da quella pubblicata.'}
          </p>
          {r.motivo && <p className="mb-1">{r.motivo}</p>}
          <p className="mb-1">
            SHA-256 pubblicato: <code className="text-break">{r.hashPubblicato}</code>
          </p>
          <p className="mb-1">
            SHA-256 ricalcolato: <code className="text-break">{r.hashRicalcolato ?? '—'}</code>
          </p>
          {r.candidati !== undefined && (
            <p className="mb-0 small">
              {r.candidati} candidati ricalcolati con le regole {r.versioneRegole}.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

/** The stored graduatoria (CPI staff): formula, each ranked person's points per criterion, the excluded with reasons, and its check. */
export function Component() {
  const { id = '' } = useParams();
  const graduatoria = useGraduatoria(id, true);
  return (
    <>
      <nav aria-label="Percorso" className="mb-2">
        <Link to="/collocamento">Collocamento mirato</Link> / <Link to={`/collocamento/offerte/${id}`}>Richiesta</Link>
      </nav>
      <h1>Graduatoria</h1>
      <Caricamento query={graduatoria} cosa="la graduatoria">
        {(g) => (
          <>
            <p>
              {g.pubblicata ? 'Pubblicata' : 'Calcolata, non ancora pubblicata'}. Regole {g.versioneRegole}; anzianità contata al {data(g.dataRiferimento)}.{' '}
              {g.totali.idonei} idonei, {g.totali.esclusi} esclusi.
            </p>
            <p>
              SHA-256: <code className="text-break">{g.hash}</code>
            </p>
            {g.pubblicata && <Verifica id={id} />}
            <h2 className="h4">Idonei</h2>
            {g.idonei.length === 0 ? <p>Nessun idoneo.</p> : <Idonei voci={g.idonei} />}
            <h2 className="h4">Esclusi</h2>
            {g.esclusi.length === 0 ? (
              <p>Nessun escluso.</p>
            ) : (
              <table className="table table-sm" data-testid="esclusi">
                <caption className="visually-hidden">Esclusi con i motivi</caption>
                <thead>
                  <tr>
                    <th scope="col">Persona</th>
                    <th scope="col">Motivi</th>
                  </tr>
                </thead>
                <tbody>
                  {g.esclusi.map((e) => (
                    <tr key={e.iscrittoId}>
                      <th scope="row">{e.iscrittoId}</th>
                      <td>{e.motivi.map((m) => m.messaggio).join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <details className="mb-4">
              <summary>Formula e spareggi pubblicati</summary>
              <pre className="small" style={{ whiteSpace: 'pre-wrap' }}>
                {g.formula}
              </pre>
            </details>
          </>
        )}
      </Caricamento>
    </>
  );
}
