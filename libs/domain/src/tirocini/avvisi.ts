import { addDays } from '../calendar/calendario';
import type { Avviso } from '../common/avviso';
import type { TirocinioState, TransizioneTirocinio } from './tirocinio.state';
import { GIORNI_REGISTRO_FINALE } from './tirocinio.state';
import { mesiPresenzeMancanti } from './tirocinio.views';
import type { ScadenzaTirocinio } from './scadenze';

/** Who is told about each step: the office's reviewers of what is to decide, the submitter of the decision. */
export function avvisiTirocinio(t: TransizioneTirocinio, s: TirocinioState): Avviso[] {
  const submitter = s.inviataDa ? [{ tipo: 'utente' as const, nome: s.inviataDa }] : [];
  const to = (dest: Avviso['destinatario'][], tipo: string, titolo: string, testo: string) =>
    dest.map((destinatario) => ({ destinatario, tipo, titolo, testo }));
  switch (t.evento) {
    case 'integrazione':
      return to([{ tipo: 'ruolo', nome: 'responsabile' }], 'da-decidere', 'Tirocinio integrato: da decidere', t.motivo ?? '');
    case 'decisione':
      if (t.a === 'integrazioni-richieste') {
        const sc = s.integrazioni[s.integrazioni.length - 1]?.richiesta.scadenza;
        return to(submitter, 'integrazioni-richieste', 'Integrazioni richieste', `${t.motivo ?? ''} (entro il ${sc})`);
      }
      if (t.a === 'respinta') return to(submitter, 'respinta', 'Tirocinio respinto', t.motivo ?? '');
      return [
        ...to(submitter, 'approvata', 'Tirocinio approvato', `inviare la comunicazione obbligatoria entro il ${s.dataInizio}`),
        ...to(
          [{ tipo: 'ruolo', nome: 'ospitante' }],
          'comunicazione-attesa',
          'Tirocinio approvato: comunicazione obbligatoria',
          `da inviare entro il ${s.dataInizio}`,
        ),
      ];
    case 'scadenzaIntegrazioni':
      return to([...submitter, { tipo: 'ruolo', nome: 'responsabile' }], 'archiviata', 'Tirocinio archiviato', 'integrazioni non pervenute entro il termine');
    case 'avvio':
      return t.a === 'avvio-bloccato'
        ? to(
            [...submitter, { tipo: 'ruolo', nome: 'ospitante' }],
            'avvio-bloccato',
            'Avvio bloccato',
            `manca la comunicazione obbligatoria: il tirocinio non può iniziare il ${s.dataInizio}`,
          )
        : to(submitter, 'avviata', 'Tirocinio avviato', `dal ${s.dataInizio} al ${s.dataFineEffettiva}`);
    case 'comunicazioneObbligatoria':
      return t.da === 'avvio-bloccato'
        ? to([{ tipo: 'ruolo', nome: 'responsabile' }, ...submitter], 'avviata', 'Tirocinio sbloccato e avviato', `comunicazione ${s.comunicazione?.codice}`)
        : [];
    case 'sospensione':
    case 'ripresa':
    case 'proroga':
    case 'interruzione':
      return to([{ tipo: 'ruolo', nome: 'responsabile' }], t.evento, `Tirocinio: ${t.evento}`, t.motivo ?? `fine effettiva ${s.dataFineEffettiva}`);
    case 'conclusione': {
      const mancanti = mesiPresenzeMancanti(s);
      return [
        ...to(submitter, 'conclusa', 'Tirocinio concluso', `concluso il ${s.dataFineEffettiva}`),
        ...(mancanti.length
          ? to(
              [{ tipo: 'ruolo', nome: 'ospitante' }],
              'registro-finale',
              'Registro presenze da completare',
              `registrare le presenze di ${mancanti.join(', ')} entro il ${addDays(s.dataFineEffettiva, GIORNI_REGISTRO_FINALE)}: poi si decide l'attestazione`,
            )
          : []),
      ];
    }
    case 'ritiro':
      return to(
        [
          { tipo: 'ruolo', nome: 'responsabile' },
          { tipo: 'ruolo', nome: 'ospitante' },
        ],
        'ritirata',
        'Richiesta di tirocinio ritirata',
        t.motivo ?? '',
      );
    case 'esitoAttestazione':
      return to(
        [...submitter, { tipo: 'ruolo', nome: 'responsabile' }],
        'attestazione',
        s.attestazione?.emessa ? 'Attestazione finale emessa' : 'Attestazione finale non emessa',
        s.attestazione && !s.attestazione.emessa ? s.attestazione.motivo : 'scaricabile dai documenti del tirocinio',
      );
    default:
      return [];
  }
}

const MESI = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];

/** The title and text of a deadline's notice (scadenze.ts: the notices, not the timers). */
export function testoScadenza(s: Pick<ScadenzaTirocinio, 'tipo' | 'data'>): { titolo: string; testo: string } {
  switch (s.tipo) {
    case 'promemoria-comunicazione':
      return {
        titolo: 'Promemoria: comunicazione obbligatoria',
        testo: `Il tirocinio inizia il ${s.data}: inviare la comunicazione obbligatoria (UNILAV) prima dell'avvio`,
      };
    case 'promemoria-presenze': {
      const mese = `${MESI[Number(s.data.slice(5, 7)) - 1]} ${s.data.slice(0, 4)}`;
      return { titolo: `Registro presenze di ${mese}`, testo: `Registrare le ore di presenza del tirocinante di ${mese}` };
    }
    default:
      return {
        titolo: 'Escalation: avvio bloccato',
        testo: `Il tirocinio doveva iniziare il ${s.data} ma manca la comunicazione obbligatoria: avvio bloccato`,
      };
  }
}
