import type { Schemi } from '@app/client';
import { Link, useParams } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { ErroreApi } from '../comune/api';
import { dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { Adesioni } from './Adesioni';
import { Congruita } from './Congruita';
import { useInviaRosa, useOfferta, usePubblica } from './dati';
import { Rosa } from './Rosa';
import { Termine } from './Termine';
import { CATEGORIE, CONTRATTI, passo, statoOfferta } from './testi';

type Offerta = Schemi['OffertaView'];

const parola = (voci: ReadonlyArray<readonly [string, string]>, k: string) => voci.find(([x]) => x === k)?.[1] ?? k;

function Riepilogo({ o }: { o: Offerta }) {
  const d = o.offerta;
  const righe: Array<[string, string]> = [
    ['Datore di lavoro', d.datoreId],
    ['Ufficio', o.ufficio],
    ['Mansioni', d.mansioni.join(', ')],
    ['Competenze richieste', d.competenzeRichieste.map((c) => (c.peso && c.peso !== 1 ? `${c.codice} (peso ${c.peso})` : c.codice)).join(', ') || '—'],
    ['Luogo', d.luogo],
    ['Contratto', `${parola(CONTRATTI, d.contratto)}${d.durataMesi ? `, ${d.durataMesi} mesi` : ''}, ${d.oreSettimanali} ore settimanali`],
    ['Elenco', `${parola(CATEGORIE, d.categoria)}, territorio ${d.territorio}`],
    ['Posti', `${d.posti}, ${d.dimensioneRosa} candidati per posto`],
    ['Richiesta il', dataOra(o.richiestaIl)],
    ['Adesioni', o.finestra ? `dal ${dataOra(o.finestra.apertaIl)} al ${dataOra(o.finestra.chiudeIl)}: ${o.adesioni.attive} attive` : 'non ancora aperte'],
  ];
  return (
    <dl className="row mb-4">
      {righe.map(([t, v]) => (
        <div key={t} className="col-md-6 d-flex gap-2">
          <dt className="fw-semibold">{t}:</dt>
          <dd className="mb-1">{v}</dd>
        </div>
      ))}
      <div className="col-md-6 d-flex gap-2">
        <dt className="fw-semibold">Termine per la rosa:</dt>
        <dd className="mb-1">
          <Termine stato={o.stato} scadenza={o.sla?.scadenza} violata={o.sla?.violata} />
        </dd>
      </div>
    </dl>
  );
}

/** The steps of the graduatoria: publication (responsabile), then the rosa (operatore, responsabile). */
function Graduatoria({ o, responsabile, staffCpi }: { o: Offerta; responsabile: boolean; staffCpi: boolean }) {
  const pubblica = usePubblica(o.id);
  const invia = useInviaRosa(o.id);
  return (
    <section aria-labelledby="graduatoria-titolo" className="card card-body mb-4">
      <h2 id="graduatoria-titolo" className="h4">
        Graduatoria
      </h2>
      {o.graduatoria ? (
        <p>
          Pubblicata il {dataOra(o.graduatoria.pubblicataIl)} con le regole {o.graduatoria.versioneRegole}. SHA-256:{' '}
          <code className="text-break" data-testid="hash-pubblicato">
            {o.graduatoria.hash}
          </code>
        </p>
      ) : (
        <p>Calcolata alla chiusura delle adesioni; non ancora pubblicata.</p>
      )}
      <div className="d-flex flex-wrap gap-2">
        <Link to={`/collocamento/offerte/${o.id}/graduatoria`} className="btn btn-outline-primary">
          {o.graduatoria ? 'Graduatoria e verifica' : 'Vedi la graduatoria'}
        </Link>
        {o.stato === 'chiusa-adesioni' && responsabile && (
          <button type="button" className="btn btn-primary" onClick={() => pubblica.mutate()} disabled={pubblica.isPending}>
            {pubblica.isPending ? 'Pubblicazione…' : 'Pubblica la graduatoria'}
          </button>
        )}
        {o.stato === 'graduatoria-pubblicata' && staffCpi && (
          <button type="button" className="btn btn-primary" onClick={() => invia.mutate()} disabled={invia.isPending}>
            {invia.isPending ? 'Invio…' : 'Invia la rosa al datore'}
          </button>
        )}
      </div>
      <MostraErrore errore={pubblica.error} titolo="Graduatoria non pubblicata" />
      <MostraErrore errore={invia.error} titolo="Rosa non inviata" />
    </section>
  );
}

function Passi({ voci }: { voci: NonNullable<Offerta['timeline']> }) {
  return (
    <section aria-labelledby="passi-titolo" className="mt-4">
      <h2 id="passi-titolo" className="h4">
        Cronologia
      </h2>
      <ol className="list-unstyled border-start ps-3" data-testid="cronologia">
        {voci.map((v, i) => (
          <li key={i} className="mb-2">
            <span className="fw-semibold">{passo(v.cosa)}</span> — {v.chi}, {dataOra(v.il)}
            {v.perche && <div className="small">Motivazione: {v.perche}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One request for candidates: its state in words and, by role and state, the step that comes next. */
export function Component() {
  const { id = '' } = useParams();
  const { utente } = useSessione();
  const offerta = useOfferta(id);
  const staffCpi = haRuolo(utente, 'operatore', 'responsabile');
  const responsabile = haRuolo(utente, 'responsabile');
  const datore = haRuolo(utente, 'datore');
  const briciole = (
    <nav aria-label="Percorso" className="mb-2">
      <Link to="/collocamento">Collocamento mirato</Link>
    </nav>
  );
  if (offerta.isPending) return <p role="status">Caricamento della richiesta…</p>;
  if (offerta.isError) {
    const assente = offerta.error instanceof ErroreApi && offerta.error.nonTrovato;
    return (
      <>
        {briciole}
        <h1>{assente ? 'Richiesta non trovata' : 'Richiesta non disponibile'}</h1>
        {assente ? (
          <p data-testid="non-trovata">La richiesta non esiste, oppure non è accessibile con il proprio profilo.</p>
        ) : (
          <MostraErrore errore={offerta.error} />
        )}
      </>
    );
  }
  const o = offerta.data;
  const conRosa = ['rosa-inviata', 'conclusa'].includes(o.stato) && (staffCpi || datore);
  return (
    <>
      {briciole}
      <h1>{o.offerta.profilo}</h1>
      <p className="lead">
        Stato:{' '}
        <strong data-testid="stato-offerta" aria-live="polite">
          {statoOfferta(o.stato)}
        </strong>
        {o.sla?.violata && <span className="badge bg-danger ms-2">Termine per la rosa superato</span>}
      </p>
      <Riepilogo o={o} />
      {o.stato === 'richiesta' && staffCpi && <Congruita id={o.id} />}
      {['chiusa-adesioni', 'graduatoria-pubblicata', 'rosa-inviata', 'conclusa'].includes(o.stato) && !datore && (
        <Graduatoria o={o} responsabile={responsabile} staffCpi={staffCpi} />
      )}
      {conRosa && <Rosa id={o.id} puoRegistrare={staffCpi || datore} />}
      {!datore && o.stato !== 'richiesta' && <Adesioni id={o.id} aperta={o.stato === 'pubblicata'} puoRegistrare={staffCpi} />}
      {o.timeline && o.timeline.length > 0 && <Passi voci={o.timeline} />}
    </>
  );
}
