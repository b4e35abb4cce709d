import { FormEvent, useState } from 'react';
import { haRuolo, useSessione } from '../auth/sessione';
import { Campo } from '../comune/Campo';
import { MostraErrore } from '../comune/Problema';
import { type CorpoPasso, type Passo, type Tirocinio, usePasso } from './dati';
import { CAUSE_SOSPENSIONE, PARTI_INTERRUZIONE } from './testi';

interface Voce {
  nome: string;
  etichetta: string;
  tipo: 'text' | 'date' | 'month' | 'number' | 'textarea' | 'select' | 'checkbox';
  opzioni?: Record<string, string>;
  aiuto?: string;
}

/** One step of the practice as a small form: its fields, the API's messages beside each, the outcome. */
function ModuloPasso<P extends Passo>({ t, passo, titolo, voci, pulsante }: { t: Tirocinio; passo: P; titolo: string; voci: Voce[]; pulsante: string }) {
  const m = usePasso(t.id, passo);
  const [valori, setValori] = useState<Record<string, string | boolean>>({});
  const invia = (e: FormEvent) => {
    e.preventDefault();
    const corpo: Record<string, unknown> = {};
    for (const v of voci) {
      const x = valori[v.nome] ?? (v.tipo === 'select' ? Object.keys(v.opzioni ?? {})[0] : v.tipo === 'checkbox' ? false : '');
      if (x === '' || x === undefined) continue;
      corpo[v.nome] = v.tipo === 'number' ? Number(x) : x;
    }
    m.mutate(corpo as CorpoPasso<P>, { onSuccess: () => setValori({}) });
  };
  return (
    <form onSubmit={invia} noValidate className="border rounded p-3 mb-3" aria-label={titolo}>
      <h3 className="h5">{titolo}</h3>
      {voci.map((v) =>
        v.tipo === 'checkbox' ? (
          <div className="form-check mb-3" key={v.nome}>
            <input
              id={`${passo}-${v.nome}`}
              className="form-check-input"
              type="checkbox"
              checked={valori[v.nome] === true}
              onChange={(e) => setValori({ ...valori, [v.nome]: e.target.checked })}
            />
            <label htmlFor={`${passo}-${v.nome}`} className="form-check-label">
              {v.etichetta}
            </label>
          </div>
        ) : (
          <Campo key={v.nome} etichetta={v.etichetta} nome={v.nome} errore={m.error} aiuto={v.aiuto}>
            {(a) =>
              v.tipo === 'textarea' ? (
                <textarea {...a} rows={2} value={String(valori[v.nome] ?? '')} onChange={(e) => setValori({ ...valori, [v.nome]: e.target.value })} />
              ) : v.tipo === 'select' ? (
                <select
                  {...a}
                  className="form-select"
                  value={String(valori[v.nome] ?? Object.keys(v.opzioni ?? {})[0])}
                  onChange={(e) => setValori({ ...valori, [v.nome]: e.target.value })}
                >
                  {Object.entries(v.opzioni ?? {}).map(([k, l]) => (
                    <option key={k} value={k}>
                      {l}
                    </option>
                  ))}
                </select>
              ) : (
                <input {...a} type={v.tipo} value={String(valori[v.nome] ?? '')} onChange={(e) => setValori({ ...valori, [v.nome]: e.target.value })} />
              )
            }
          </Campo>
        ),
      )}
      <MostraErrore errore={m.error} titolo={`${titolo}: non registrato`} />
      {m.isSuccess && (
        <p role="status" className="text-success">
          Registrato.
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={m.isPending}>
        {pulsante}
      </button>
    </form>
  );
}

const MOTIVO: Voce = { nome: 'motivo', etichetta: 'Motivazione', tipo: 'textarea', aiuto: 'Almeno 10 caratteri; resta nella cronologia.' };

/**
 * What can be recorded on a practice after the decision, by whom: the comunicazione obbligatoria, monthly attendance,
 * suspension and resumption, proroga, interruption; and the withdrawal of a request not yet started.
 */
export function Svolgimento({ t }: { t: Tirocinio }) {
  const { utente } = useSessione();
  const s = t.stato;
  const conCO = !!(t.procedura as { comunicazione?: unknown } | null)?.comunicazione;
  const parti = haRuolo(utente, 'promotore', 'operatore');
  const moduli = [
    haRuolo(utente, 'ospitante', 'promotore', 'operatore') && ['attesa-comunicazione', 'avvio-bloccato'].includes(s) && !conCO && (
      <ModuloPasso
        key="co"
        t={t}
        passo="comunicazione"
        titolo="Comunicazione obbligatoria (UNILAV)"
        pulsante="Registra la comunicazione"
        voci={[
          { nome: 'codice', etichetta: 'Codice della comunicazione', tipo: 'text' },
          { nome: 'data', etichetta: 'Data della comunicazione', tipo: 'date', aiuto: `Non dopo la data di inizio (${t.dataInizio}) e non nel futuro.` },
        ]}
      />
    ),
    haRuolo(utente, 'ospitante', 'promotore', 'operatore') && ['attiva', 'sospesa', 'conclusa', 'interrotta'].includes(s) && (
      <ModuloPasso
        key="presenze"
        t={t}
        passo="presenze"
        titolo="Presenze del mese"
        pulsante="Registra le presenze"
        voci={[
          { nome: 'mese', etichetta: 'Mese', tipo: 'month' },
          { nome: 'ore', etichetta: 'Ore di presenza', tipo: 'number' },
          { nome: 'rettifica', etichetta: 'Rettifica le ore già registrate per il mese', tipo: 'checkbox' },
        ]}
      />
    ),
    parti && s === 'attiva' && (
      <ModuloPasso
        key="sospensione"
        t={t}
        passo="sospensione"
        titolo="Sospensione"
        pulsante="Registra la sospensione"
        voci={[{ nome: 'causa', etichetta: 'Causa', tipo: 'select', opzioni: CAUSE_SOSPENSIONE }, { nome: 'dal', etichetta: 'Dal', tipo: 'date' }, MOTIVO]}
      />
    ),
    parti && s === 'sospesa' && (
      <ModuloPasso
        key="ripresa"
        t={t}
        passo="ripresa"
        titolo="Ripresa"
        pulsante="Registra la ripresa"
        voci={[{ nome: 'al', etichetta: 'Ultimo giorno di sospensione', tipo: 'date' }]}
      />
    ),
    parti && ['attiva', 'sospesa'].includes(s) && (
      <ModuloPasso
        key="proroga"
        t={t}
        passo="proroga"
        titolo="Proroga"
        pulsante="Registra la proroga"
        voci={[{ nome: 'nuovaDataFine', etichetta: 'Nuova data di fine', tipo: 'date' }, MOTIVO]}
      />
    ),
    parti && ['attesa-comunicazione', 'avvio-bloccato', 'attiva', 'sospesa'].includes(s) && (
      <ModuloPasso
        key="interruzione"
        t={t}
        passo="interruzione"
        titolo="Interruzione"
        pulsante="Interrompi il tirocinio"
        voci={[{ nome: 'parte', etichetta: 'Su iniziativa', tipo: 'select', opzioni: PARTI_INTERRUZIONE }, MOTIVO]}
      />
    ),
    parti && ['inviata', 'integrazioni-richieste', 'integrata', 'attesa-comunicazione', 'avvio-bloccato'].includes(s) && (
      <ModuloPasso key="ritiro" t={t} passo="ritiro" titolo="Ritiro della richiesta" pulsante="Ritira la richiesta" voci={[MOTIVO]} />
    ),
  ].filter(Boolean);
  if (moduli.length === 0) return null;
  return (
    <section aria-labelledby="svolgimento" className="mt-4">
      <h2 id="svolgimento" className="h4">
        Operazioni
      </h2>
      {moduli}
    </section>
  );
}
