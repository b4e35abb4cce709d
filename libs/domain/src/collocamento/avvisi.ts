import type { Avviso } from '../common/avviso';
import type { OffertaState, OffertaTransition } from './offerta.state';

/** Who is told about each step of an offer. */
export function avvisiOfferta(t: OffertaTransition, s: OffertaState): Avviso[] {
  // To the employer's organisation (its users' tokens carry its codice fiscale); offers entered before the code was
  // kept address the user whose subject was the employer's id.
  const datore = s.datoreCodiceFiscale ? { tipo: 'soggetto' as const, nome: s.datoreCodiceFiscale } : { tipo: 'utente' as const, nome: s.datoreId };
  const ruolo = (nome: string) => ({ tipo: 'ruolo' as const, nome });
  switch (t.azione) {
    case 'congruita':
      return [
        {
          destinatario: datore,
          tipo: `offerta-${t.to}`,
          titolo: t.to === 'pubblicata' ? 'Richiesta pubblicata in preselezione' : 'Richiesta non congrua',
          testo: t.motivazione ?? `adesioni fino al ${s.finestra?.chiudeIl}`,
        },
      ];
    case 'chiusuraAdesioni':
      return [
        {
          destinatario: ruolo('responsabile'),
          tipo: 'graduatoria-da-pubblicare',
          titolo: 'Adesioni chiuse: graduatoria da pubblicare',
          testo: `scadenza del servizio ${s.sla?.scadenza ?? ''}`,
        },
      ];
    case 'rosaInviata':
      return [
        {
          destinatario: datore,
          tipo: 'rosa-inviata',
          titolo: 'Rosa dei candidati',
          testo: `${s.rosa?.candidati.length ?? 0} candidati: registrare l'esito di ciascuno`,
        },
      ];
    case 'avvisoSla':
      return [
        {
          destinatario: ruolo('operatore'),
          tipo: 'avviso-sla',
          titolo: 'Preselezione: termine in scadenza',
          testo: `la rosa va inviata entro il ${s.sla?.scadenza}`,
        },
      ];
    case 'slaScaduta':
      return [
        {
          destinatario: ruolo('responsabile'),
          tipo: 'escalation-sla',
          titolo: 'Preselezione: termine di 5 giorni lavorativi superato',
          testo: `scaduto il ${s.sla?.scadenza}: rosa non ancora inviata`,
        },
        { destinatario: ruolo('operatore'), tipo: 'sla-violata', titolo: 'Preselezione: termine superato', testo: `scaduto il ${s.sla?.scadenza}` },
      ];
    case 'annullamento':
      return [
        { destinatario: datore, tipo: 'offerta-annullata', titolo: 'Richiesta di preselezione annullata', testo: t.motivazione ?? '' },
        { destinatario: ruolo('responsabile'), tipo: 'offerta-annullata', titolo: 'Preselezione annullata', testo: t.motivazione ?? '' },
      ];
    case 'esito':
      return t.from !== 'conclusa' && s.stato === 'conclusa'
        ? [{ destinatario: ruolo('responsabile'), tipo: 'offerta-conclusa', titolo: 'Preselezione conclusa', testo: s.conclusione?.motivo ?? '' }]
        : [];
    case 'rosaSuccessiva': {
      const ultimo = s.rosaSuccessive?.[s.rosaSuccessive.length - 1];
      return [
        {
          destinatario: datore,
          tipo: 'rosa-inviata',
          titolo: 'Nuovi candidati per la preselezione',
          testo: `${ultimo?.candidati.length ?? 0} candidati in più: registrare l'esito di ciascuno`,
        },
      ];
    }
    case 'rettificaEsito':
      return [
        // The reason may speak of the person's health: the employer learns only that an outcome changed.
        {
          destinatario: datore,
          tipo: 'esito-rettificato',
          titolo: 'Esito di un candidato rettificato',
          testo: `il CPI ha rettificato un esito registrato: ora ${t.rettifica?.a ?? ''}`,
        },
        { destinatario: ruolo('responsabile'), tipo: 'esito-rettificato', titolo: 'Esito rettificato', testo: t.motivazione ?? '' },
      ];
    default:
      return [];
  }
}
