import { FormEvent, useState } from 'react';
import { haRuolo, useSessione } from '../auth/sessione';
import { Campo } from '../comune/Campo';
import { MostraErrore } from '../comune/Problema';
import { type CorpoPasso, type Tirocinio, usePasso } from './dati';
import { passo } from './testi';

/** The steps that make someone an author of the practice: whoever took one does not decide it (separazione-funzioni). */
const PASSI_AUTORE = ['bozza-creata', 'progetto-modificato', 'documento-caricato', 'invio', 'integrazione'];

type Esito = CorpoPasso<'decisione'>['esito'];

/**
 * The responsabile's decision: approve, reject or ask for integrations (with a working-day deadline). Whoever entered,
 * changed, uploaded to, submitted or integrated the practice is told beforehand that they cannot decide it, and the
 * API's refusal is shown beside "Chi decide".
 */
export function Decisione({ t }: { t: Tirocinio }) {
  const { utente } = useSessione();
  const decidi = usePasso(t.id, 'decisione');
  const [esito, setEsito] = useState<Esito>('approvata');
  const [motivo, setMotivo] = useState('');
  const [giorni, setGiorni] = useState('');
  if (!['inviata', 'integrata'].includes(t.stato)) return null;
  const titolo = (
    <h2 id="decisione" className="h4">
      Decisione
    </h2>
  );
  if (!haRuolo(utente, 'responsabile')) {
    return (
      <section aria-labelledby="decisione" className="mt-4">
        {titolo}
        <p>La pratica è in revisione: la decide il responsabile del CPI, che non può essere chi l’ha inserita, modificata o inviata.</p>
      </section>
    );
  }
  const propri = t.timeline.filter((v) => v.chi === utente?.sub && PASSI_AUTORE.includes(v.cosa)).map((v) => passo(v.cosa).toLowerCase());
  const invia = (e: FormEvent) => {
    e.preventDefault();
    decidi.mutate({
      esito,
      ...(motivo.trim() ? { motivo: motivo.trim() } : {}),
      ...(esito === 'integrazioni' && giorni ? { giorniLavorativi: Number(giorni) } : {}),
    });
  };
  return (
    <section aria-labelledby="decisione" className="mt-4 card card-bg p-3">
      {titolo}
      {propri.length > 0 && (
        <div className="alert alert-warning" data-testid="separazione">
          Non può decidere questa pratica: ha preso parte alla sua istruttoria ({[...new Set(propri)].join(', ')}). Chi inserisce, modifica, carica documenti,
          invia o integra una pratica non la decide: la decisione spetta a un altro responsabile dell’ufficio.
        </div>
      )}
      <form onSubmit={invia} aria-label="Decisione sulla pratica" noValidate>
        <Campo etichetta="Chi decide" nome="actor" errore={decidi.error}>
          {(a) => <input {...a} type="text" readOnly value={`${utente?.nome ?? ''} (${utente?.sub ?? ''})`} />}
        </Campo>
        <fieldset className="mb-3">
          <legend className="form-label fw-semibold fs-6">Esito</legend>
          {(
            [
              ['approvata', 'Approvare'],
              ['integrazioni', 'Chiedere integrazioni'],
              ['respinta', 'Respingere'],
            ] as const
          ).map(([v, etichetta]) => (
            <div className="form-check" key={v}>
              <input className="form-check-input" type="radio" name="esito" id={`esito-${v}`} value={v} checked={esito === v} onChange={() => setEsito(v)} />
              <label className="form-check-label" htmlFor={`esito-${v}`}>
                {etichetta}
              </label>
            </div>
          ))}
        </fieldset>
        <Campo
          etichetta="Motivazione"
          nome="motivo"
          errore={decidi.error}
          aiuto="Obbligatoria (almeno 10 caratteri) per respingere o chiedere integrazioni; resta nella cronologia."
        >
          {(a) => <textarea {...a} rows={3} value={motivo} onChange={(e) => setMotivo(e.target.value)} />}
        </Campo>
        {esito === 'integrazioni' && (
          <Campo
            etichetta="Giorni lavorativi per integrare"
            nome="giorniLavorativi"
            errore={decidi.error}
            aiuto="Lasciare vuoto per il termine delle regole (10 giorni lavorativi). Si contano i giorni lavorativi dopo oggi."
          >
            {(a) => <input {...a} type="number" min={1} max={60} value={giorni} onChange={(e) => setGiorni(e.target.value)} />}
          </Campo>
        )}
        <MostraErrore errore={decidi.error} titolo="Decisione non registrata" />
        <button type="submit" className="btn btn-primary" disabled={decidi.isPending}>
          Registra la decisione
        </button>
      </form>
    </section>
  );
}
