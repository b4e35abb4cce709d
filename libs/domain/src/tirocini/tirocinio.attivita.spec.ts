import type { Actor } from '../auth/roles';
import { GIORNO_MS, oggi } from './orologio';
import { type RigaAttivitaTirocinio, attivitaTirocinio, mesiPresenzeArretrati, presenzeDovuteDal, statiAttesaTirocini } from './tirocinio.attivita';
import type { TirocinioState } from './tirocinio.state';
import { UFF, attiva, chiedi, conCO, conclusa, inAttesa, inviata, integra, op, op2, osp, presenze, prom, resp, run, sospendi } from './__fixtures__/tirocinio';

const riga = (s: TirocinioState | null, over: Partial<RigaAttivitaTirocinio> = {}): RigaAttivitaTirocinio => ({
  id: 't1',
  stato: s?.stato ?? 'bozza',
  statoProcedura: s,
  creatoDa: op.sub,
  inviataDa: s?.inviataDa ?? null,
  creatoIl: '2027-01-20T10:00:00.000Z',
  inviataIl: s?.inviataIl ?? null,
  tirocinante: 'Rossi Maria',
  ospitante: 'Tessitura Alfa S.r.l.',
  lati: [],
  ...over,
});
const altroResp: Actor = { sub: 'resp.gialli', roles: ['responsabile'], office: UFF };
const promotore = { ...prom, soggetto: '01234567897' };
const ospitante = { ...osp, soggetto: '09876543217' };
const da = (r: RigaAttivitaTirocinio, actor: Actor, now = '2027-02-10T09:00:00Z') =>
  attivitaTirocinio(r, actor, { unitaMs: GIORNO_MS, now: new Date(now) }).map(({ codice, azione, scadenza, dal }) => ({ codice, azione, scadenza, dal }));

describe('tirocinio: what waits for whom', () => {
  it('selects the states each role may find something to do in', () => {
    expect(statiAttesaTirocini(resp)).toEqual({ ufficio: ['inviata', 'integrata'], propri: [], promotore: [], ospitante: [] });
    expect(statiAttesaTirocini(op)).toEqual({
      ufficio: ['attesa-comunicazione', 'avvio-bloccato'],
      propri: ['bozza', 'integrazioni-richieste'],
      promotore: [],
      ospitante: [],
    });
    expect(statiAttesaTirocini(promotore).promotore).toEqual(['bozza', 'integrazioni-richieste', 'attiva', 'sospesa', 'conclusa', 'interrotta']);
    expect(statiAttesaTirocini(ospitante).ospitante).toEqual(['attesa-comunicazione', 'avvio-bloccato', 'attiva', 'sospesa', 'conclusa', 'interrotta']);
    // Staff holding an external role too act as staff; a dirigente or an inspector has nothing to do here.
    expect(statiAttesaTirocini({ roles: ['operatore', 'promotore'] }).promotore).toEqual([]);
    expect(Object.values(statiAttesaTirocini({ roles: ['dirigente', 'ispettore'] })).flat()).toEqual([]);
  });

  it('asks a responsabile who did not write it to decide a submitted practice by its 30th day, as the inbox', () => {
    const s = inviata();
    const attese = [{ codice: 'decisione', azione: 'Decidere la domanda', scadenza: '2027-03-04T00:00:00.000Z', dal: s.inviataIl }];
    expect(da(riga(s), altroResp)).toEqual(attese);
    expect(da(riga(s), { ...prom, roles: ['responsabile'] })).toEqual([]); // its submitter: segregation of duties
    for (const a of [op, promotore, ospitante]) expect(da(riga(s, { lati: ['promotore', 'ospitante'] }), a)).toEqual([]);
    // Integrated: due 30 days after the integration, waiting since it.
    const integrata = run(s, ['2027-02-05', chiedi('2027-02-19')], ['2027-02-08T11:00:00Z', integra()]);
    expect(da(riga(integrata), resp)).toEqual([
      { codice: 'decisione', azione: 'Decidere la domanda', scadenza: '2027-03-11T00:00:00.000Z', dal: '2027-02-08T11:00:00.000Z' },
    ]);
  });

  it('asks the promotore, and the operatore who submitted it, to integrate by the deadline, to the end of its day', () => {
    const s = run(inviata(), ['2027-02-05T08:00:00Z', chiedi('2027-02-19')]);
    const attesa = { codice: 'integrazione', azione: 'Integrare i documenti richiesti', scadenza: '2027-02-20T00:00:00.000Z', dal: '2027-02-05T08:00:00.000Z' };
    expect(da(riga(s, { lati: ['promotore'] }), promotore)).toEqual([attesa]);
    expect(da(riga(s, { inviataDa: op.sub, creatoDa: 'altro' }), op)).toEqual([attesa]);
    expect(da(riga(s), op2)).toEqual([]);
    expect(da(riga(s, { lati: ['ospitante'] }), ospitante)).toEqual([]);
    // An organisation that is not the practice's promoter sees nothing of it.
    expect(da(riga(s, { lati: [] }), promotore)).toEqual([]);
    // The deadline passed: overdue, with its date (the procedure archives it).
    expect(da(riga(s, { lati: ['promotore'] }), promotore, '2027-02-21T00:00:00Z')[0].scadenza).toBe('2027-02-20T00:00:00.000Z');
  });

  it('asks whoever drafted it (or its promotore) to submit a draft', () => {
    const r = riga(null, { creatoDa: op.sub });
    expect(da(r, op)).toEqual([{ codice: 'invio', azione: 'Completare e inviare la domanda', scadenza: null, dal: '2027-01-20T10:00:00.000Z' }]);
    expect(da(r, op2)).toEqual([]);
    expect(da({ ...r, lati: ['promotore'] }, promotore)).toHaveLength(1);
    expect(da({ ...r, lati: ['ospitante'] }, ospitante)).toEqual([]);
  });

  it('asks the host and the operatori for the comunicazione obbligatoria before the start, overdue once the start is blocked', () => {
    const s = inAttesa();
    const attesa = {
      codice: 'comunicazioneObbligatoria',
      azione: 'Inviare la comunicazione obbligatoria (UNILAV)',
      scadenza: '2027-03-01T00:00:00.000Z',
      dal: s.decisione!.il,
    };
    expect(da(riga(s, { lati: ['ospitante'] }), ospitante)).toEqual([attesa]);
    expect(da(riga(s), op2)).toEqual([attesa]);
    expect(da(riga(s, { lati: ['promotore'] }), promotore)).toEqual([]);
    expect(da(riga(s), resp)).toEqual([]);
    expect(da(riga(conCO(), { lati: ['ospitante'] }), ospitante)).toEqual([]);
    const bloccata = run(s, ['2027-03-01T00:00:00Z', { type: 'avvio' }]);
    expect(bloccata.stato).toBe('avvio-bloccato');
    expect(da(riga(bloccata, { lati: ['ospitante'] }), ospitante)).toEqual([{ ...attesa, dal: bloccata.bloccataIl }]);
  });

  it('asks both sides for the attendance of months already over, with no term while it runs and the host’s days after the end', () => {
    const s = attiva();
    const lati: Array<'promotore' | 'ospitante'> = ['promotore', 'ospitante'];
    // 1 March start: nothing due in March, March due in April, March and April due on 10 May.
    expect(da(riga(s, { lati }), ospitante, '2027-03-20T09:00:00Z')).toEqual([]);
    expect(da(riga(s, { lati }), ospitante, '2027-05-10T09:00:00Z')).toEqual([
      { codice: 'presenze', azione: 'Registrare le presenze (2027-03, 2027-04)', scadenza: null, dal: '2027-04-01T00:00:00.000Z' },
    ]);
    const conMarzo = run(s, ['2027-04-02', presenze('2027-03', 120)]);
    expect(da(riga(conMarzo, { lati }), promotore, '2027-05-10T09:00:00Z').map((v) => v.azione)).toEqual(['Registrare le presenze (2027-04)']);
    expect(da(riga(conMarzo), op, '2027-05-10T09:00:00Z')).toEqual([]);
    // After the end, every missing month within GIORNI_REGISTRO_FINALE days (10): by 10 September.
    const finita = conclusa();
    expect(da(riga(finita, { lati }), ospitante, '2027-09-02T09:00:00Z')).toEqual([
      {
        codice: 'presenze',
        azione: 'Registrare le presenze (2027-03, 2027-04, 2027-05, 2027-06, 2027-07, 2027-08)',
        scadenza: '2027-09-11T00:00:00.000Z',
        dal: finita.conclusaIl,
      },
    ]);
    const attestata: TirocinioState = { ...finita, attestazione: { emessa: false, motivo: 'presenze insufficienti', il: '2027-09-11T00:00:00Z' } };
    expect(da(riga(attestata, { lati }), ospitante, '2027-09-12T09:00:00Z')).toEqual([]);
  });

  it('keeps on the row the instant an active practice starts asking for attendance, exactly when the activities would', () => {
    const s = attiva();
    const reale = { unitaMs: GIORNO_MS, origine: s.inviataIl! };
    expect(presenzeDovuteDal(s, reale)).toBe('2027-04-01T00:00:00.000Z');
    const conMarzo = run(s, ['2027-04-02', presenze('2027-03', 120)]);
    expect(presenzeDovuteDal(conMarzo, reale)).toBe('2027-05-01T00:00:00.000Z');
    // Not active (suspended, ended, under review): the query reads those rows anyway, the instant is not kept.
    expect(presenzeDovuteDal(conclusa(), reale)).toBeNull();
    expect(presenzeDovuteDal(inviata(), reale)).toBeNull();
    // The same answer as the activities at every instant of the traineeship, a day a time, with and without March.
    for (const stato of [s, conMarzo]) {
      const dal = presenzeDovuteDal(stato, reale);
      for (let t = Date.parse('2027-03-01T00:00:00Z'); t < Date.parse('2027-09-01T00:00:00Z'); t += GIORNO_MS / 2) {
        const chiede = mesiPresenzeArretrati(stato, oggi(reale, new Date(t))).length > 0;
        expect([new Date(t).toISOString(), dal !== null && t >= Date.parse(dal)]).toEqual([new Date(t).toISOString(), chiede]);
      }
    }
  });

  it('asks the promotore to record the resumption of a suspended traineeship', () => {
    const s = run(attiva(), ['2027-04-10T10:00:00Z', sospendi('maternita', '2027-04-10')]);
    expect(da(riga(s, { lati: ['promotore'] }), promotore, '2027-04-20T09:00:00Z')).toEqual([
      { codice: 'ripresa', azione: 'Registrare la ripresa del tirocinio', scadenza: null, dal: '2027-04-10T10:00:00.000Z' },
      { codice: 'presenze', azione: 'Registrare le presenze (2027-03)', scadenza: null, dal: '2027-04-01T00:00:00.000Z' },
    ]);
  });

  it('names the practice by trainee and host, never by the disadvantage a host may not learn', () => {
    const s = { ...inAttesa(), svantaggiato: true };
    const [v] = attivitaTirocinio(riga(s, { lati: ['ospitante'] }), ospitante, { unitaMs: GIORNO_MS, now: new Date('2027-02-10T09:00:00Z') });
    expect(v).toMatchObject({
      procedura: 'tirocini',
      id: 't1',
      riferimento: 'Rossi Maria presso Tessitura Alfa S.r.l.',
      stato: 'attesa-comunicazione',
      link: '/tirocini/t1',
    });
    expect(JSON.stringify(v)).not.toMatch(/svantaggiat/);
  });

  it('counts the days on the procedure’s clock when the day is shrunk', () => {
    // One day = 1 s from the submission: the decision is due 30 s after it (end of day 30).
    const s = inviata();
    const r = riga(s, { inviataIl: '2027-02-01T09:00:00.000Z' });
    const [v] = attivitaTirocinio(r, resp, { unitaMs: 1000, now: new Date('2027-02-01T09:00:10Z') });
    expect(v.scadenza).toBe('2027-02-01T09:00:31.000Z');
  });
});
