import type { Schemi } from '@app/client';
import { useLocation } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { Cronologia } from '../comune/Cronologia';
import { dataOra } from '../comune/formato';
import { Approvazione } from './Approvazione';
import { ConPiano } from './ConPiano';
import { useDownloadPiano, useProssimaScadenza } from './dati';
import { FasiPiano } from './FasiPiano';
import { Monitoraggio } from './Monitoraggio';
import { MonitoraggioIndicatore } from './MonitoraggioIndicatore';
import type { Piano } from './parole';
import { Scarica } from './Scarica';

const TIPI_SCADENZA: Record<Schemi['ScadenzaView']['tipo'], string> = {
  promemoria: 'promemoria prima della fine prevista',
  scaduta: 'avviso di fase scaduta',
  escalation: 'segnalazione al dirigente',
  digest: 'riepilogo settimanale',
  chiusura: 'chiusura del piano',
};

function ProssimaScadenza({ piano }: { piano: Piano }) {
  const { data: s } = useProssimaScadenza(piano.id, piano.stato === 'attivo');
  if (piano.stato !== 'attivo' || s === undefined) return null;
  return (
    <p data-testid="prossima-scadenza">
      {s
        ? `Prossima scadenza seguita: ${TIPI_SCADENZA[s.tipo]}${s.indicatore ? ` (indicatore ${s.indicatore}${s.fase ? `, fase ${s.fase}` : ''})` : ''} il ${dataOra(s.at)}, a ${s.destinatario.nome}.`
        : 'Nessuna scadenza in attesa.'}
    </p>
  );
}

export function Documenti({ piano }: { piano: Piano }) {
  const scarica = useDownloadPiano(piano.id);
  const base = `piano-${piano.ufficio}-${piano.anno}`;
  return (
    <section aria-labelledby="documenti-titolo" className="mb-4">
      <h2 id="documenti-titolo" className="h4">
        Documenti
      </h2>
      <Scarica etichetta="Esporta il documento del piano (JSON)" nomeFile={`${base}.json`} scarica={scarica.documento} />
      <Scarica etichetta="Scarica la scheda di monitoraggio (XLSX)" nomeFile={`monitoraggio-${piano.ufficio}-${piano.anno}.xlsx`} scarica={scarica.xlsx} />
      <Scarica etichetta="Scarica la scheda di monitoraggio (PDF)" nomeFile={`monitoraggio-${piano.ufficio}-${piano.anno}.pdf`} scarica={scarica.pdf} />
    </section>
  );
}

/** A plan: its approval, next deadline, phases and deadlines, monitoring, documents and history. */
export function DettaglioPiano() {
  const { utente } = useSessione();
  const { state } = useLocation() as { state?: { importato?: boolean } };
  return (
    <ConPiano>
      {(piano) => (
        <>
          {state?.importato && piano.stato === 'bozza' && (
            <p className="alert alert-success" role="status">
              Piano importato come bozza.
            </p>
          )}
          <Approvazione piano={piano} />
          <ProssimaScadenza piano={piano} />
          <FasiPiano documento={piano.documento} />
          {haRuolo(utente, 'operatore', 'responsabile', 'dirigente') && (
            <>
              <Monitoraggio piano={piano} />
              <MonitoraggioIndicatore piano={piano} />
            </>
          )}
          <Documenti piano={piano} />
          {haRuolo(utente, 'responsabile', 'dirigente', 'amministratore') && <Cronologia entita={`piano:${piano.id}`} />}
        </>
      )}
    </ConPiano>
  );
}
