import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { ErroreApi } from '../comune/api';
import { Campo } from '../comune/Campo';
import { data } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { CronologiaTirocinio } from './Cronologia';
import { type Progetto, type Tirocinio, useInvio, useModificaBozza, usePasso, useTirocinio } from './dati';
import { Decisione } from './Decisione';
import { Documenti } from './Documenti';
import { ProgettoForm } from './ProgettoForm';
import { Attestazione, Riepilogo } from './Riepilogo';
import { Svolgimento } from './Svolgimento';
import { AZIONI, CHI, statoTirocinio } from './testi';

function Intestazione({ t }: { t: Tirocinio }) {
  const a = t.prossimaAzione;
  return (
    <dl className="row border rounded p-3 mx-0">
      <div className="col-md-4">
        <dt>Stato</dt>
        <dd data-testid="stato">{statoTirocinio(t.stato)}</dd>
      </div>
      <div className="col-md-4">
        <dt>Prossimo passo</dt>
        <dd data-testid="prossima-azione">
          {a
            ? `${AZIONI[a.azione] ?? a.azione}${a.chi === 'sistema' ? ' (automatico)' : `, a cura ${CHI[a.chi] ?? `di ${a.chi}`}`}${a.scadenza ? `, entro il ${data(a.scadenza)}` : ''}`
            : 'Nessuno: la pratica è chiusa'}
        </dd>
      </div>
      <div className="col-md-4">
        <dt>Ufficio e regole</dt>
        <dd>
          {t.ufficio}
          {t.versioneRegole ? `, regole ${t.versioneRegole}` : ''}; oggi per la procedura: {data(t.oggi)}
        </dd>
      </div>
    </dl>
  );
}

/** A draft, or a practice waiting for integrations: the project to edit, the documents, then the submission. */
function InLavorazione({ t }: { t: Tirocinio }) {
  const salva = useModificaBozza(t.id);
  const invio = useInvio(t.id);
  const integra = usePasso(t.id, 'integrazione');
  const [note, setNote] = useState('');
  const integrazioni = t.stato === 'integrazioni-richieste';
  const errore = salva.error ?? invio.error ?? integra.error;
  return (
    <>
      <section aria-labelledby="modifica" className="mt-4">
        <h2 id="modifica" className="h4">
          Progetto formativo
        </h2>
        <ProgettoForm
          key={t.versione}
          iniziale={t.progetto as Partial<Progetto>}
          soloContenuti={integrazioni}
          etichettaInvio="Salva le modifiche"
          inCorso={salva.isPending}
          errore={errore}
          elenco={salva.error}
          onSalva={(p) => salva.mutate(p, { onSuccess: () => (invio.reset(), integra.reset()) })}
        />
        {salva.isSuccess && (
          <p role="status" className="text-success mt-2">
            Modifiche salvate.
          </p>
        )}
      </section>
      <Documenti t={t} modificabile errore={errore} />
      <section aria-labelledby="invio" className="mt-4 card card-bg p-3">
        <h2 id="invio" className="h4">
          {integrazioni ? 'Invio delle integrazioni' : 'Invio della richiesta'}
        </h2>
        <p>
          Prima dell’invio si eseguono i controlli di primo livello: se qualcosa non va, sono elencati tutti insieme, ciascuno accanto al campo o al documento a
          cui si riferisce.
        </p>
        {integrazioni && (
          <Campo etichetta="Che cosa è stato integrato" nome="note" errore={integra.error}>
            {(a) => <textarea {...a} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Campo>
        )}
        <div data-testid="esito-invio">
          <MostraErrore errore={invio.error ?? integra.error} titolo="La richiesta non è stata inviata: correggere ogni punto elencato" />
        </div>
        <button
          type="button"
          className="btn btn-primary align-self-start"
          disabled={invio.isPending || integra.isPending}
          onClick={() => (integrazioni ? integra.mutate({ note }) : invio.mutate())}
        >
          {integrazioni ? 'Invia le integrazioni' : 'Invia la richiesta al CPI'}
        </button>
      </section>
    </>
  );
}

/** One practice: its state in words, the next step and who takes it, what the user may do now, documents, timeline. */
export default function Dettaglio() {
  const { id = '' } = useParams();
  const { utente } = useSessione();
  const query = useTirocinio(id);
  if (query.isPending) return <p role="status">Caricamento della pratica…</p>;
  if (query.isError) {
    const e = query.error;
    if (e instanceof ErroreApi && e.nonTrovato) {
      return (
        <>
          <h1>Pratica non trovata</h1>
          <p>La pratica richiesta non esiste, oppure non è accessibile con il proprio profilo.</p>
          <Link to="/tirocini">Torna ai tirocini</Link>
        </>
      );
    }
    return (
      <>
        <h1>Pratica di tirocinio</h1>
        <MostraErrore errore={e} titolo="Impossibile leggere la pratica" />
      </>
    );
  }
  const t = query.data;
  const modificabile = ['bozza', 'integrazioni-richieste'].includes(t.stato) && haRuolo(utente, 'operatore', 'promotore');
  return (
    <>
      <p className="mb-1">
        <Link to="/tirocini">Tirocini</Link>
      </p>
      <h1>{t.stato === 'bozza' ? 'Bozza di progetto formativo' : 'Pratica di tirocinio'}</h1>
      <Intestazione t={t} />
      {modificabile ? <InLavorazione t={t} /> : <Riepilogo t={t} />}
      {!modificabile && <Documenti t={t} modificabile={false} />}
      <Decisione t={t} />
      <Svolgimento t={t} />
      <Attestazione t={t} />
      <CronologiaTirocinio t={t} />
    </>
  );
}
