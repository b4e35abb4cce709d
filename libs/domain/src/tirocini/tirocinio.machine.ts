import { Decision, accept } from '../common/violation';
import type { IsoDate } from './tirocini.types';
import type { ContestoTirocinio } from './tirocinio.guardie';
import { decideIstruttoria } from './tirocinio.machine.istruttoria';
import { decidePresenze } from './tirocinio.machine.presenze';
import { decideSvolgimento } from './tirocinio.machine.svolgimento';
import type { RegoleStoriche, TirocinioEvent, TirocinioState, TirocinioStep } from './tirocinio.state';

const oggiDi = (now: Date): IsoDate => now.toISOString().slice(0, 10);

/**
 * The tirocinio's rules: given the state, an event and the time, either the next state and the transition to record,
 * or every rule the event breaks. Pure: the workflow calls it from its Update validators and handlers. The life cycle
 * and the choices behind it are described on STATI_TIROCINIO (tirocinio.state.ts); each group of events has its file.
 */
export function decideTirocinio(state: TirocinioState, event: TirocinioEvent, now: Date, storiche: RegoleStoriche = {}): Decision<TirocinioStep> {
  const il = now.toISOString();
  const oggi = oggiDi(now);
  const step = (next: TirocinioState, attore: string | null, extra: { motivo?: string; dettagli?: Record<string, unknown> } = {}): Decision<TirocinioStep> =>
    accept({ state: next, transition: { da: state.stato, a: next.stato, evento: event.type, attore, il, ...extra } });
  const contesto: ContestoTirocinio = { il, oggi, step };

  switch (event.type) {
    case 'invio':
    case 'decisione':
    case 'integrazione':
    case 'scadenzaIntegrazioni':
    case 'ritiro':
      return decideIstruttoria(state, event, contesto);
    case 'comunicazioneObbligatoria':
    case 'avvio':
    case 'sospensione':
    case 'ripresa':
    case 'proroga':
    case 'interruzione':
    case 'conclusione':
      return decideSvolgimento(state, event, contesto);
    case 'presenze':
    case 'esitoAttestazione':
      return decidePresenze(state, event, contesto, storiche);
  }
}
