import type { Actor } from '../../auth/roles';
import { eseguiPassi } from '../../common/__fixtures__/passi';
import type { RuleViolation } from '../../common/violation';
import { regolePerVersione } from '../regole';
import { TirocinioEvent, initialTirocinioState } from '../tirocinio.state';
import { decideTirocinio } from '../tirocinio.machine';
import type { RegolePackTirocini } from '../tirocini.types';

/** Test data and steps shared by the specs of the tirocinio machine and of its deadlines. */

/**
 * The rule pack of these specs: the national one under a test version, with every value the machine reads pinned here
 * (durations, attendance threshold, working days, suspension causes), so a change to a shipped pack does not move them.
 */
export const regole: RegolePackTirocini = {
  ...regolePerVersione('nazionale-2017.1'),
  versione: 'test-2027.1',
  fonte: 'fixture di test',
  durataMinimaMesi: 2,
  durataMassimaMesi: 12,
  durataMassimaMesiSvantaggiati: 24,
  sogliaPresenze: 0.7,
  integrazioneGiorniLavorativi: 10,
  preavvisoComunicazioneGiorniLavorativi: 5,
  causeSospensione: [
    { causa: 'maternita', minimoGiorni: 0 },
    { causa: 'malattia-lunga', minimoGiorni: 0, minimoFrazioneDurata: 1 / 3 },
    { causa: 'chiusura-ospitante', minimoGiorni: 15 },
  ],
};

export const UFF = 'CPI-FI';
export const op: Actor = { sub: 'op.rossi', roles: ['operatore'], office: UFF };
export const op2: Actor = { sub: 'op.bianchi', roles: ['operatore'], office: UFF };
export const resp: Actor = { sub: 'resp.verdi', roles: ['responsabile'], office: UFF };
export const respAltroUfficio: Actor = { sub: 'resp.blu', roles: ['responsabile'], office: 'CPI-PO' };
export const prom: Actor = { sub: 'prom.neri', roles: ['promotore'], office: UFF };
export const osp: Actor = { sub: 'osp.gialli', roles: ['ospitante'], office: UFF };
export const SHA = 'ab'.repeat(32);

// A six-month traineeship: 1 March .. 31 August 2027 (184 days), 30 hours a week.
export const progetto = { dataInizio: '2027-03-01', dataFine: '2027-08-31', oreSettimanali: 30, svantaggiato: false };
export const bozza = (over: Partial<typeof progetto> = {}, pack = regole) =>
  initialTirocinioState({ tirocinioId: 't1', ufficio: UFF, progetto: { ...progetto, ...over }, regole: pack, creatoDa: op.sub });

export const at = (when: string) => new Date(when.length === 10 ? `${when}T09:00:00Z` : when);
export const rules = (d: ReturnType<typeof decideTirocinio>) => (d.ok ? [] : d.violations.map((v) => v.rule).sort());
export const violazione = (d: ReturnType<typeof decideTirocinio>, rule: string): RuleViolation | undefined =>
  d.ok ? undefined : d.violations.find((v) => v.rule === rule);

/** Applies events in order, failing the test on the first refusal. */
export const run = eseguiPassi(decideTirocinio, at);
export const ok = (d: ReturnType<typeof decideTirocinio>) => {
  if (!d.ok) throw new Error(`refused: ${d.violations.map((v) => v.rule).join(', ')}`);
  return d.value;
};

export const invio = (actor: Actor = prom): TirocinioEvent => ({ type: 'invio', actor, versioneRegole: regole.versione, violazioni: [] });
export const approva = (actor: Actor = resp): TirocinioEvent => ({ type: 'decisione', actor, esito: 'approvata' });
export const chiedi = (scadenza = '2027-02-15', actor: Actor = resp): TirocinioEvent => ({
  type: 'decisione',
  actor,
  esito: 'integrazioni',
  motivo: 'manca la dichiarazione di selezione',
  scadenzaIntegrazioni: scadenza,
});
export const integra = (actor: Actor = prom): TirocinioEvent => ({ type: 'integrazione', actor, note: 'allegata la dichiarazione' });
export const co = (data = '2027-02-20', actor: Actor = osp): TirocinioEvent => ({ type: 'comunicazioneObbligatoria', actor, codice: 'UNILAV-1', data });
export const presenze = (mese: string, ore: number, rettifica?: boolean, actor: Actor = osp): TirocinioEvent => ({
  type: 'presenze',
  actor,
  mese,
  ore,
  ...(rettifica ? { rettifica } : {}),
});
export const sospendi = (
  causa: 'maternita' | 'malattia-lunga' | 'chiusura-ospitante' | 'infortunio-lungo',
  dal: string,
  actor: Actor = prom,
): TirocinioEvent => ({ type: 'sospensione', actor, causa, dal, motivo: 'certificato medico allegato' });
export const riprendi = (al: string, actor: Actor = prom): TirocinioEvent => ({ type: 'ripresa', actor, al });

export const inviata = () => run(bozza(), ['2027-02-01', invio()]);
export const inAttesa = () => run(inviata(), ['2027-02-03', approva()]);
export const conCO = () => run(inAttesa(), ['2027-02-20', co()]);
export const attiva = () => run(conCO(), ['2027-03-01T00:00:00Z', { type: 'avvio' }]);
export const conclusa = () => run(attiva(), ['2027-09-01T00:00:00Z', { type: 'conclusione', dataFine: '2027-08-31' }]);
