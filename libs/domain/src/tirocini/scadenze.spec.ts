import { italianHolidays } from '../calendar/festivita';
import { UFF, osp, prom, regole, resp, run } from './__fixtures__/tirocinio';
import { adessoLogico, oggi } from './orologio';
import {
  GIORNI_INTEGRAZIONI_PREDEFINITI,
  ScadenzaTirocinio,
  orologioTirocinio,
  promemoriaPresenzeDovuti,
  scadenzeTirocinio,
  terminePerIntegrazioni,
} from './scadenze';
import { TirocinioEvent, TirocinioState, initialTirocinioState } from './tirocinio.state';
import { decideTirocinio } from './tirocinio.machine';

const festivi = italianHolidays();
const GIORNO = 86_400_000;

const bozza = (dataInizio = '2027-03-01', dataFine = '2027-08-31', pack = regole) =>
  initialTirocinioState({
    tirocinioId: 't1',
    ufficio: UFF,
    progetto: { dataInizio, dataFine, oreSettimanali: 30, svantaggiato: false },
    regole: pack,
    creatoDa: prom.sub,
  });
const inviata = (s = bozza()) => run(s, ['2027-02-01', { type: 'invio', actor: prom, versioneRegole: regole.versione, violazioni: [] }]);
const inAttesa = (s = inviata()) => run(s, ['2027-02-03', { type: 'decisione', actor: resp, esito: 'approvata' }]);
const conCO = () => run(inAttesa(), ['2027-02-20', { type: 'comunicazioneObbligatoria', actor: osp, codice: 'UNILAV-1', data: '2027-02-20' }]);
const attiva = () => run(conCO(), ['2027-03-01T00:00:00Z', { type: 'avvio' }]);

const reali = { unitaMs: GIORNO };
const sintesi = (xs: ScadenzaTirocinio[]) => xs.map((x) => `${x.tipo} ${x.at} ${x.chiave}`);
const conclusione = (xs: ScadenzaTirocinio[]) => xs.find((x) => x.tipo === 'conclusione')!;

describe('scadenzeTirocinio with real days', () => {
  it('the integration deadline lapses at the end of its day; the key carries the round', () => {
    const s = run(inviata(), [
      '2027-02-03',
      { type: 'decisione', actor: resp, esito: 'integrazioni', motivo: 'manca un documento', scadenzaIntegrazioni: '2027-02-17' },
    ]);
    const [x, ...altre] = scadenzeTirocinio(s, reali, festivi);
    expect(altre).toEqual([]);
    expect(x).toEqual({
      tipo: 'scadenza-integrazioni',
      at: '2027-02-18T00:00:00.000Z',
      chiave: 'scadenza-integrazioni:t1:2027-02-17#1',
      data: '2027-02-17',
      evento: { type: 'scadenzaIntegrazioni', scadenza: '2027-02-17' },
    });
    // Its event is accepted by the machine at that instant, and not a moment before.
    expect(decideTirocinio(s, x.evento as TirocinioEvent, new Date(x.at)).ok).toBe(true);
    expect(decideTirocinio(s, x.evento as TirocinioEvent, new Date(Date.parse(x.at) - 1)).ok).toBe(false);
  });

  it('waiting for the CO: a reminder 5 working days before the start, then the start', () => {
    // Mon 1 March 2027: 26, 25, 24, 23, 22 February.
    expect(sintesi(scadenzeTirocinio(inAttesa(), reali, festivi))).toEqual([
      'promemoria-comunicazione 2027-02-22T00:00:00.000Z promemoria-comunicazione:t1:2027-03-01',
      'avvio 2027-03-01T00:00:00.000Z avvio:t1:2027-03-01',
    ]);
    const [promemoria, avvio] = scadenzeTirocinio(inAttesa(), reali, festivi);
    expect(promemoria.destinatario).toEqual({ ruolo: 'ospitante', ufficio: UFF });
    expect(promemoria.evento).toBeUndefined();
    expect(avvio.evento).toEqual({ type: 'avvio' });
  });

  it('the reminder skips holidays and weekends (2 June 2027 is a Wednesday holiday)', () => {
    const s = inAttesa(inviata(bozza('2027-06-04', '2027-12-03')));
    // Fri 4 June: 3 June, (2 June), 1 June, 31 May, 28 May, 27 May.
    expect(scadenzeTirocinio(s, reali, festivi)[0]).toMatchObject({ tipo: 'promemoria-comunicazione', at: '2027-05-27T00:00:00.000Z' });
  });

  it('no reminder once the CO is recorded, once the start is reached, or with no notice configured', () => {
    expect(sintesi(scadenzeTirocinio(conCO(), reali, festivi))).toEqual(['avvio 2027-03-01T00:00:00.000Z avvio:t1:2027-03-01']);
    expect(scadenzeTirocinio(inAttesa(), reali, festivi, new Date('2027-02-28T23:59:59Z')).map((x) => x.tipo)).toEqual(['promemoria-comunicazione', 'avvio']);
    expect(scadenzeTirocinio(inAttesa(), reali, festivi, new Date('2027-03-01T00:00:00Z')).map((x) => x.tipo)).toEqual(['avvio']);
    const senzaPreavviso = inAttesa(inviata(bozza(undefined, undefined, { ...regole, preavvisoComunicazioneGiorniLavorativi: 0 })));
    expect(scadenzeTirocinio(senzaPreavviso, reali, festivi).map((x) => x.tipo)).toEqual(['avvio']);
  });

  it('a blocked start escalates to the office’s responsabile at once', () => {
    const s = run(inAttesa(), ['2027-03-01T00:00:00Z', { type: 'avvio' }]);
    expect(scadenzeTirocinio(s, reali, festivi)).toEqual([
      {
        tipo: 'escalation-avvio-bloccato',
        at: '2027-03-01T00:00:00.000Z',
        chiave: 'escalation-avvio-bloccato:t1:2027-03-01',
        data: '2027-03-01',
        destinatario: { ruolo: 'responsabile', ufficio: UFF },
      },
    ]);
  });

  it('active: the conclusion at the end of the effective end day; a moved end gets a new key', () => {
    const x = conclusione(scadenzeTirocinio(attiva(), reali, festivi));
    expect(x).toMatchObject({
      tipo: 'conclusione',
      at: '2027-09-01T00:00:00.000Z',
      chiave: 'conclusione:t1:2027-08-31',
      evento: { type: 'conclusione', dataFine: '2027-08-31' },
    });
    expect(decideTirocinio(attiva(), x.evento as TirocinioEvent, new Date(x.at)).ok).toBe(true);
    const prorogata = run(attiva(), ['2027-06-01', { type: 'proroga', actor: prom, nuovaDataFine: '2027-09-30', motivo: 'completare il progetto' }]);
    expect(sintesi([conclusione(scadenzeTirocinio(prorogata, reali, festivi))])).toEqual(['conclusione 2027-10-01T00:00:00.000Z conclusione:t1:2027-09-30']);
  });

  it('active: the register of each month is asked for when the next one begins, until it is recorded', () => {
    // 1 March to 31 August: March..July are reminded on the first of the next month; August's register is asked
    // for after the end, by the closing wait, not by a reminder (1 September is after the end).
    expect(sintesi(scadenzeTirocinio(attiva(), reali, festivi))).toEqual([
      'promemoria-presenze 2027-04-01T00:00:00.000Z promemoria-presenze:t1:2027-03',
      'promemoria-presenze 2027-05-01T00:00:00.000Z promemoria-presenze:t1:2027-04',
      'promemoria-presenze 2027-06-01T00:00:00.000Z promemoria-presenze:t1:2027-05',
      'promemoria-presenze 2027-07-01T00:00:00.000Z promemoria-presenze:t1:2027-06',
      'promemoria-presenze 2027-08-01T00:00:00.000Z promemoria-presenze:t1:2027-07',
      'conclusione 2027-09-01T00:00:00.000Z conclusione:t1:2027-08-31',
    ]);
    const [marzo] = scadenzeTirocinio(attiva(), reali, festivi);
    expect(marzo).toEqual({
      tipo: 'promemoria-presenze',
      at: '2027-04-01T00:00:00.000Z',
      chiave: 'promemoria-presenze:t1:2027-03',
      data: '2027-03-01',
      destinatario: { ruolo: 'ospitante', ufficio: UFF },
    });
    // March recorded: the first reminder is April's.
    const conMarzo = run(attiva(), ['2027-04-02', { type: 'presenze', actor: osp, mese: '2027-03', ore: 100 }]);
    expect(scadenzeTirocinio(conMarzo, reali, festivi)[0].chiave).toBe('promemoria-presenze:t1:2027-04');
  });

  it('active, scheduled late (an import, a restart): only the month that ended last is reminded, then the next ones', () => {
    const tardi = scadenzeTirocinio(attiva(), reali, festivi, new Date('2027-06-15T10:00:00Z'));
    expect(sintesi(tardi).slice(0, 2)).toEqual([
      'promemoria-presenze 2027-06-01T00:00:00.000Z promemoria-presenze:t1:2027-05',
      'promemoria-presenze 2027-07-01T00:00:00.000Z promemoria-presenze:t1:2027-06',
    ]);
    expect(tardi.filter((x) => x.tipo === 'promemoria-presenze')).toHaveLength(3);
  });

  it('nothing is due while suspended, in review or after the end', () => {
    const sospesa = run(attiva(), ['2027-04-01', { type: 'sospensione', actor: prom, causa: 'maternita', dal: '2027-04-01', motivo: 'congedo di maternità' }]);
    expect(scadenzeTirocinio(sospesa, reali, festivi)).toEqual([]); // the register's reminders resume with it
    expect(scadenzeTirocinio(bozza(), reali, festivi)).toEqual([]);
    expect(scadenzeTirocinio(inviata(), reali, festivi)).toEqual([]);
    const conclusa = run(attiva(), ['2027-09-01T00:00:00Z', { type: 'conclusione', dataFine: '2027-08-31' }]);
    expect(scadenzeTirocinio(conclusa, reali, festivi)).toEqual([]);
  });
});

describe('promemoriaPresenzeDovuti (the office-wide monthly job)', () => {
  const collettivi = { unitaMs: GIORNO, promemoriaCollettivi: true };

  it("the practice's own schedule leaves the monthly reminders to the job, and keeps everything else", () => {
    expect(sintesi(scadenzeTirocinio(attiva(), collettivi, festivi))).toEqual(['conclusione 2027-09-01T00:00:00.000Z conclusione:t1:2027-08-31']);
    expect(sintesi(scadenzeTirocinio(inAttesa(), collettivi, festivi))).toEqual(sintesi(scadenzeTirocinio(inAttesa(), reali, festivi)));
  });

  it('due at the month start: that reminder, and the next month start as the next wake-up', () => {
    const { dovuti, prossimo } = promemoriaPresenzeDovuti(attiva(), collettivi, new Date('2027-04-01T00:00:00Z'));
    expect(sintesi(dovuti)).toEqual(['promemoria-presenze 2027-04-01T00:00:00.000Z promemoria-presenze:t1:2027-03']);
    expect(dovuti[0].destinatario).toEqual({ ruolo: 'ospitante', ufficio: UFF });
    expect(prossimo).toBe('2027-05-01T00:00:00.000Z');
    // A moment before, nothing is due and the wake-up is that instant.
    expect(promemoriaPresenzeDovuti(attiva(), collettivi, new Date('2027-03-31T23:59:59Z'))).toEqual({ dovuti: [], prossimo: '2027-04-01T00:00:00.000Z' });
  });

  it('late (downtime): only the month that ended last, never the older ones again', () => {
    const { dovuti, prossimo } = promemoriaPresenzeDovuti(attiva(), collettivi, new Date('2027-06-15T10:00:00Z'));
    expect(dovuti.map((d) => d.chiave)).toEqual(['promemoria-presenze:t1:2027-05']);
    expect(prossimo).toBe('2027-07-01T00:00:00.000Z');
  });

  it('a recorded month is not reminded; after the last month start, or out of attiva, nothing is left', () => {
    const conMarzo = run(attiva(), ['2027-04-02', { type: 'presenze', actor: osp, mese: '2027-03', ore: 100 }]);
    expect(promemoriaPresenzeDovuti(conMarzo, collettivi, new Date('2027-04-02T00:00:00Z'))).toEqual({ dovuti: [], prossimo: '2027-05-01T00:00:00.000Z' });
    expect(promemoriaPresenzeDovuti(attiva(), collettivi, new Date('2027-08-15T00:00:00Z')).prossimo).toBeNull();
    expect(promemoriaPresenzeDovuti(inAttesa(), collettivi, new Date('2027-04-01T00:00:00Z'))).toEqual({ dovuti: [], prossimo: null });
  });
});

describe('scadenzeTirocinio with a shrunk day', () => {
  const politica = { unitaMs: 1000 };
  const t0 = Date.parse('2027-02-01T09:00:00.000Z'); // the submission, the clock's origin

  it('maps each date to origin + days × unitaMs, the origin defaulting to the submission', () => {
    expect(sintesi(scadenzeTirocinio(inAttesa(), politica, festivi))).toEqual([
      `promemoria-comunicazione ${new Date(t0 + 21_000).toISOString()} promemoria-comunicazione:t1:2027-03-01`,
      `avvio ${new Date(t0 + 28_000).toISOString()} avvio:t1:2027-03-01`,
    ]);
    const x = conclusione(scadenzeTirocinio(attiva(), politica, festivi));
    expect(x.at).toBe(new Date(t0 + 212_000).toISOString()); // 1 February → 1 September 2027
    // The register's reminders follow the same clock: 1 April is 59 days after 1 February.
    expect(scadenzeTirocinio(attiva(), politica, festivi)[0]).toMatchObject({ tipo: 'promemoria-presenze', at: new Date(t0 + 59_000).toISOString() });
    expect(oggi(orologioTirocinio(attiva(), politica), new Date(x.at))).toBe('2027-09-01');
  });

  it('a two-month traineeship runs in seconds: each timer is accepted at its logical now', () => {
    const o = orologioTirocinio(inAttesa(), politica);
    const conCOpresto = run(inAttesa(), ['2027-02-03', { type: 'comunicazioneObbligatoria', actor: osp, codice: 'UNILAV-1', data: '2027-02-03' }]);
    const [avvio] = scadenzeTirocinio(conCOpresto, politica, festivi);
    const d = decideTirocinio(conCOpresto, avvio.evento as TirocinioEvent, adessoLogico(o, new Date(avvio.at)));
    expect(d.ok && d.value.state.stato).toBe('attiva');
    if (!d.ok) return;
    const fine = conclusione(scadenzeTirocinio(d.value.state, politica, festivi));
    const conclusa = decideTirocinio(d.value.state, fine.evento as TirocinioEvent, adessoLogico(o, new Date(fine.at)));
    expect(conclusa.ok && conclusa.value.state.stato).toBe('conclusa');
    expect(Date.parse(fine.at) - t0).toBe(212_000);
  });

  it('an explicit origin wins; without one (a draft) or with a bad unit it throws', () => {
    const x = conclusione(scadenzeTirocinio(attiva(), { unitaMs: 1000, origine: '2027-03-01T12:00:00.000Z' }, festivi));
    expect(x.at).toBe('2027-03-01T12:03:04.000Z'); // 184 days after 1 March
    const bloccata = { ...bozza(), stato: 'attiva' as const };
    expect(() => scadenzeTirocinio(bloccata, politica, festivi)).toThrow(/origine/);
    expect(() => scadenzeTirocinio(attiva(), { unitaMs: 0 }, festivi)).toThrow(RangeError);
  });
});

describe('terminePerIntegrazioni', () => {
  it('counts the pack’s working days, skipping weekends and holidays', () => {
    // Wed 26 May 2027 + 10 working days: 27, 28, 31 May, 1, (2 June holiday), 3, 4, 7, 8, 9, 10 June.
    expect(terminePerIntegrazioni(inviata(), '2027-05-26', festivi)).toBe('2027-06-10');
    expect(terminePerIntegrazioni(inviata(), '2027-02-03', festivi)).toBe('2027-02-17');
  });

  it('counts the working days asked for instead, and the national 10 for a practice without limits', () => {
    expect(terminePerIntegrazioni(inviata(), '2027-05-26', festivi, 3)).toBe('2027-05-31');
    expect(GIORNI_INTEGRAZIONI_PREDEFINITI).toBe(10);
    expect(terminePerIntegrazioni(null, '2027-05-26', festivi)).toBe('2027-06-10');
    expect(terminePerIntegrazioni({} as Pick<TirocinioState, 'limiti'>, '2027-02-03', festivi)).toBe('2027-02-17');
  });
});
