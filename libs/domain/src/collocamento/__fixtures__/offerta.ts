import type { Actor } from '../../auth/roles';
import { eseguiPassi } from '../../common/__fixtures__/passi';
import { OffertaEvent, OffertaState } from '../offerta.state';
import { decideRichiesta } from '../offerta.richiesta';
import { decideOfferta } from '../offerta.machine';
import { scadenzeOfferta } from '../sla';
import { offerta } from './collocamento';

/** Actors, an offer and its steps, shared by the specs of the offer machine. */

export const UFF = 'CPI-TO-01';
export const rossi: Actor = { sub: 'op.rossi', roles: ['operatore'], office: UFF };
export const bianchi: Actor = { sub: 'op.bianchi', roles: ['operatore'], office: UFF };
export const verdi: Actor = { sub: 'resp.verdi', roles: ['responsabile'], office: UFF };
export const fuori: Actor = { sub: 'op.neri', roles: ['operatore'], office: 'CPI-AT-01' };
export const datore: Actor = { sub: 'dat-1', roles: ['datore'], office: 'dat-1' };
export const altroDatore: Actor = { sub: 'dat-2', roles: ['datore'], office: 'dat-2' };
export const HASH = 'ab'.repeat(32);

export const off = offerta();
export const sla = scadenzeOfferta({ richiestaIl: '2026-03-02T09:00:00Z' }); // scadenza Mon 9 March, end 23:00Z; avviso 5 March 23:00Z
export const finestra = { apertaIl: '2026-03-02T10:00:00.000Z', chiudeIl: '2026-03-05T10:00:00.000Z' };
export const d = (s: string) => new Date(s);

export const rules = (x: ReturnType<typeof decideOfferta>) => (x.ok ? [] : x.violations.map((v) => v.rule).sort());

export function richiesta(actor: Actor = datore): OffertaState {
  const r = decideRichiesta(off, actor, d('2026-03-02T09:00:00Z'), sla);
  if (!r.ok) throw new Error(r.violations.map((v) => v.rule).join());
  return r.value.state;
}

/** Applies timed events, failing on a refusal. */
export const run = eseguiPassi(decideOfferta, d);

export const congrua = (): [string, OffertaEvent] => ['2026-03-02T10:00:00Z', { type: 'congruita', actor: bianchi, esito: 'congrua', finestra }];
export const aderisce = (id: string, quando = '2026-03-03T09:00:00Z'): [string, OffertaEvent] => [
  quando,
  { type: 'adesione', actor: null, iscrittoId: id, iscritto: true },
];
export const chiude = (): [string, OffertaEvent] => [finestra.chiudeIl, { type: 'chiusuraAdesioni' }];
export const pubblicata = () => run(richiesta(), congrua());
export const chiusa = (...ids: string[]) => run(pubblicata(), ...ids.map((id) => aderisce(id)), chiude());
export const graduatoria = (ordine: string[], esclusi: string[] = []): [string, OffertaEvent] => [
  '2026-03-06T09:00:00Z',
  { type: 'graduatoriaPubblicata', actor: verdi, hash: HASH, versioneRegole: 'piemonte-dgr-7-6435-2023/1', ordine, esclusi },
];
export const conGraduatoria = () => run(chiusa('a', 'b', 'c', 'd', 'e'), graduatoria(['c', 'a', 'e', 'b'], ['d']));
export const rosaInviata = () => run(conGraduatoria(), ['2026-03-06T10:00:00Z', { type: 'rosaInviata', actor: rossi, candidati: ['c', 'a', 'e'] }]);
export const esito = (
  iscrittoId: string,
  e: 'assunto' | 'non-idoneo' | 'non-presentato' | 'rifiuto',
  actor: Actor = datore,
  motivo?: string,
): [string, OffertaEvent] => ['2026-03-20T09:00:00Z', { type: 'esito', actor, iscrittoId, esito: e, motivo }];
