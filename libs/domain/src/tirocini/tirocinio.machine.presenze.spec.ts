import {
  SHA,
  at,
  attiva,
  approva,
  bozza,
  co,
  conCO,
  conclusa,
  invio,
  ok,
  op,
  osp,
  presenze,
  prom,
  resp,
  riprendi,
  rules,
  run,
  sospendi,
  violazione,
} from './__fixtures__/tirocinio';
import { TirocinioEvent } from './tirocinio.state';
import { decideTirocinio } from './tirocinio.machine';
import { esitoPresenze, prossimaAzione } from './tirocinio.views';

describe('presenze', () => {
  it('one record per month, by the host, promoter or an operator, kept in month order', () => {
    const s = run(attiva(), ['2027-04-02', presenze('2027-03', 120)], ['2027-04-02', presenze('2027-04', 10, false, prom)]);
    const step = ok(decideTirocinio(s, presenze('2027-04', 12, true, op), at('2027-04-03')));
    expect(step.state.presenze.map((p) => [p.mese, p.ore, p.rettifiche, p.registrataDa])).toEqual([
      ['2027-03', 120, 0, osp.sub],
      ['2027-04', 12, 1, op.sub],
    ]);
    expect(step.transition.dettagli).toEqual({ mese: '2027-04', ore: 12, orePrecedenti: 10, rettifica: true });
    expect(rules(decideTirocinio(s, presenze('2027-03', 121), at('2027-04-03')))).toEqual(['presenze-gia-registrate']);
    expect(rules(decideTirocinio(s, presenze('2027-02', 1, true), at('2027-04-03')))).toEqual(['mese-fuori-periodo', 'rettifica-senza-presenze']);
    expect(rules(decideTirocinio(s, presenze('2027-05', 1, false, resp), at('2027-05-03')))).toEqual(['ruolo-non-ammesso']);
  });

  it("hours from 0 to the month's cap (a whole March: 5 weeks of the weekly hours), with at most two decimals", () => {
    const s = attiva();
    const prova = (ore: number) => rules(decideTirocinio(s, presenze('2027-03', ore), at('2027-03-31')));
    expect(prova(0)).toEqual([]);
    expect(prova(150)).toEqual([]);
    expect(prova(1.25)).toEqual([]);
    expect(prova(150.01)).toEqual(['ore-oltre-massimo']);
    expect(prova(-0.01)).toEqual(['ore-non-valide']);
    expect(prova(1.005)).toEqual(['ore-non-valide']);
    expect(prova(Number.NaN)).toEqual(['ore-non-valide']);
  });

  /** Submitted, approved, CO and started on `dataInizio`, 30 h a week. */
  const avviataIl = (dataInizio: string, dataFine: string) =>
    run(
      bozza({ dataInizio, dataFine }),
      ['2027-01-10', invio()],
      ['2027-01-12', approva()],
      ['2027-01-20', co('2027-01-20')],
      [`${dataInizio}T00:00:00Z`, { type: 'avvio' }],
    );

  it("caps a month's hours by its days in the period, in whole weeks: a start on the 25th holds one week, not five", () => {
    const s = avviataIl('2027-03-25', '2027-09-24');
    const prova = (ore: number) => decideTirocinio(s, presenze('2027-03', ore), at('2027-03-31'));
    expect(rules(prova(30))).toEqual([]);
    expect(rules(prova(150))).toEqual(['ore-oltre-massimo']);
    expect(violazione(prova(30.01), 'ore-oltre-massimo')).toEqual({
      rule: 'ore-oltre-massimo',
      field: 'ore',
      found: 30.01,
      limit: 30,
      message: 'le ore del mese non possono superare 30 (1 settimana di orario): 7 giorni del tirocinio nel mese, 0 sospesi',
    });
    // The next month is whole: five weeks.
    expect(rules(decideTirocinio(s, presenze('2027-04', 150), at('2027-04-30')))).toEqual([]);
  });

  it("counts the days up to the end: the effective one, or the interruption's day", () => {
    const breve = run(avviataIl('2027-02-01', '2027-08-15'), ['2027-08-16T00:00:00Z', { type: 'conclusione', dataFine: '2027-08-15' }]);
    expect(violazione(decideTirocinio(breve, presenze('2027-08', 91), at('2027-08-20')), 'ore-oltre-massimo')).toMatchObject({
      limit: 90,
      message: expect.stringContaining('15 giorni del tirocinio nel mese'),
    });
    expect(rules(decideTirocinio(breve, presenze('2027-08', 90), at('2027-08-20')))).toEqual([]);
    const interrotta = run(attiva(), ['2027-04-10', { type: 'interruzione', actor: prom, parte: 'tirocinante', motivo: 'assunzione presso altra azienda' }]);
    expect(violazione(decideTirocinio(interrotta, presenze('2027-04', 61), at('2027-04-11')), 'ore-oltre-massimo')).toMatchObject({
      limit: 60,
      message: expect.stringContaining('10 giorni del tirocinio nel mese, 0 sospesi'),
    });
    expect(rules(decideTirocinio(interrotta, presenze('2027-04', 60), at('2027-04-11')))).toEqual([]);
  });

  it('February: a whole non-leap one holds 4 weeks, a leap one 5', () => {
    const s = avviataIl('2027-02-01', '2027-07-31');
    expect(rules(decideTirocinio(s, presenze('2027-02', 120), at('2027-02-28')))).toEqual([]);
    expect(violazione(decideTirocinio(s, presenze('2027-02', 120.01), at('2027-02-28')), 'ore-oltre-massimo')).toMatchObject({
      limit: 120,
      message: expect.stringContaining('(4 settimane di orario): 28 giorni'),
    });
    const bisestile = run(
      bozza({ dataInizio: '2028-02-01', dataFine: '2028-07-31' }),
      ['2028-01-10', invio()],
      ['2028-01-12', approva()],
      ['2028-01-20', co('2028-01-20')],
      ['2028-02-01T00:00:00Z', { type: 'avvio' }],
    );
    expect(rules(decideTirocinio(bisestile, presenze('2028-02', 150), at('2028-02-29')))).toEqual([]);
    expect(rules(decideTirocinio(bisestile, presenze('2028-02', 150.01), at('2028-02-29')))).toEqual(['ore-oltre-massimo']);
  });

  it('leaves out the suspended days, and counts the stretches on each side of a suspension apart', () => {
    // Closed 4..28 April (25 days, over the host closure's 15): 1..3 and 29..30 April left, two stretches, two weeks.
    const ripresa = run(attiva(), ['2027-04-04', sospendi('chiusura-ospitante', '2027-04-04')], ['2027-04-29', riprendi('2027-04-28')]);
    expect(rules(decideTirocinio(ripresa, presenze('2027-04', 60), at('2027-05-02')))).toEqual([]);
    expect(violazione(decideTirocinio(ripresa, presenze('2027-04', 60.01), at('2027-05-02')), 'ore-oltre-massimo')).toMatchObject({
      limit: 60,
      message: 'le ore del mese non possono superare 60 (2 settimane di orario): 30 giorni del tirocinio nel mese, 25 sospesi',
    });
    // Suspended throughout April (closed in May): no hours.
    const tutto = run(attiva(), ['2027-03-25', sospendi('maternita', '2027-03-25')], ['2027-05-06', riprendi('2027-05-05')]);
    expect(rules(decideTirocinio(tutto, presenze('2027-04', 0), at('2027-05-06')))).toEqual([]);
    expect(violazione(decideTirocinio(tutto, presenze('2027-04', 1), at('2027-05-06')), 'ore-oltre-massimo')).toMatchObject({
      limit: 0,
      message: expect.stringContaining('30 giorni del tirocinio nel mese, 30 sospesi'),
    });
    // Still suspended: the open suspension counts to the month's end.
    const aperta = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')]);
    expect(violazione(decideTirocinio(aperta, presenze('2027-04', 1), at('2027-04-20')), 'ore-oltre-massimo')).toMatchObject({ limit: 0 });
    // An absence shorter than its cause's minimum (5 days of host closure) is no suspension: the cap stays whole.
    const assenza = run(attiva(), ['2027-04-05', sospendi('chiusura-ospitante', '2027-04-05')], ['2027-04-10', riprendi('2027-04-09')]);
    expect(rules(decideTirocinio(assenza, presenze('2027-04', 150), at('2027-05-02')))).toEqual([]);
  });

  it('holds a rettifica to the cap as it is when recorded: a suspension recorded later lowers it, the hours on record stay', () => {
    const s = avviataIl('2027-03-25', '2027-09-24');
    const registrate = run(s, ['2027-04-01', presenze('2027-03', 20)]);
    expect(ok(decideTirocinio(registrate, presenze('2027-03', 30, true), at('2027-04-02'))).state.presenze).toMatchObject([
      { mese: '2027-03', ore: 30, rettifiche: 1 },
    ]);
    expect(rules(decideTirocinio(registrate, presenze('2027-03', 31, true), at('2027-04-02')))).toEqual(['ore-oltre-massimo']);
    // 150 h for March, then a maternity leave recorded from 15 March: 14 days of work left, two weeks.
    const sospesaDopo = run(
      attiva(),
      ['2027-04-02', presenze('2027-03', 150)],
      ['2027-04-02', sospendi('maternita', '2027-03-15')],
      ['2027-04-05', riprendi('2027-04-04')],
    );
    expect(sospesaDopo.presenze).toMatchObject([{ mese: '2027-03', ore: 150 }]);
    expect(violazione(decideTirocinio(sospesaDopo, presenze('2027-03', 100, true), at('2027-04-06')), 'ore-oltre-massimo')).toMatchObject({
      limit: 60,
      message: expect.stringContaining('31 giorni del tirocinio nel mese, 17 sospesi'),
    });
    expect(rules(decideTirocinio(sospesaDopo, presenze('2027-03', 60, true), at('2027-04-06')))).toEqual([]);
  });

  it('with the fixed cap of histories recorded before the prorated one (RegoleStoriche), 5 weeks whatever the month', () => {
    const s = avviataIl('2027-03-25', '2027-09-24');
    const fisso = (ore: number) => decideTirocinio(s, presenze('2027-03', ore), at('2027-03-31'), { tettoPresenzeFisso: true });
    expect(rules(fisso(150))).toEqual([]);
    expect(violazione(fisso(150.01), 'ore-oltre-massimo')).toMatchObject({
      limit: 150,
      message: 'le ore di un mese non possono superare 5 settimane di orario',
    });
    expect(rules(decideTirocinio(s, presenze('2027-03', 150), at('2027-03-31'), { tettoPresenzeFisso: false }))).toEqual(['ore-oltre-massimo']);
  });

  it('a month outside the period is refused for that alone, not for its cap', () => {
    const s = run(avviataIl('2027-03-25', '2027-09-24'), ['2027-04-02', presenze('2027-03', 30)]);
    expect(rules(decideTirocinio(s, presenze('2027-02', 30, true), at('2027-04-03')))).toEqual(['mese-fuori-periodo', 'rettifica-senza-presenze']);
  });

  it('months from the start month to the current one', () => {
    const s = attiva();
    expect(rules(decideTirocinio(s, presenze('2027-02', 1), at('2027-03-15')))).toEqual(['mese-fuori-periodo']);
    expect(rules(decideTirocinio(s, presenze('2027-03', 1), at('2027-03-15')))).toEqual([]);
    expect(rules(decideTirocinio(s, presenze('2027-04', 1), at('2027-03-31')))).toEqual(['mese-futuro']);
    expect(rules(decideTirocinio(s, presenze('2027-13', 1), at('2027-03-31')))).toEqual(['mese-non-valido']);
    expect(rules(decideTirocinio(conCO(), presenze('2027-03', 1), at('2027-03-31')))).toEqual(['stato-non-ammesso']);
  });

  it('after the end: the last month still, not later months, nothing once the attestazione is recorded', () => {
    const s = conclusa();
    expect(rules(decideTirocinio(s, presenze('2027-08', 100), at('2027-09-05')))).toEqual([]);
    expect(rules(decideTirocinio(s, presenze('2027-09', 1), at('2027-09-05')))).toEqual(['mese-fuori-periodo']);
    const chiusa = run(s, ['2027-09-05', { type: 'esitoAttestazione', attestazione: { emessa: false, motivo: 'presenze non sufficienti' } }]);
    expect(rules(decideTirocinio(chiusa, presenze('2027-08', 100), at('2027-09-06')))).toEqual(['attestazione-registrata']);
  });
});

describe('esitoAttestazione and esitoPresenze', () => {
  // Planned: 184 days × 30 h / 7 = 788.57 → 789 h; 70% = 552.3 h.
  const conPresenze = (ultimo: number) =>
    run(conclusa(), ...['2027-03', '2027-04', '2027-05', '2027-06', '2027-07'].map((m): [string, TirocinioEvent] => ['2027-09-02', presenze(m, 92)]), [
      '2027-09-02',
      presenze('2027-08', ultimo),
    ]);
  const emessa: TirocinioEvent = { type: 'esitoAttestazione', attestazione: { emessa: true, documentoId: 'doc-9', sha256: SHA } };

  it('issued at exactly 70% of the planned hours, refused a hundredth of an hour below', () => {
    const s = conPresenze(92.3);
    expect(esitoPresenze(s)).toEqual({ orePresenza: 552.3, oreProgrammate: 789, soglia: 0.7, percentuale: 70, sufficiente: true });
    expect(esitoPresenze(conPresenze(92.29))).toMatchObject({ percentuale: 69.9, sufficiente: false });
    const step = ok(decideTirocinio(s, emessa, at('2027-09-03')));
    expect(step.state.attestazione).toEqual({ emessa: true, documentoId: 'doc-9', sha256: SHA, il: '2027-09-03T09:00:00.000Z' });
    expect(step.transition).toMatchObject({
      da: 'conclusa',
      a: 'conclusa',
      evento: 'esitoAttestazione',
      attore: null,
      dettagli: { emessa: true, orePresenza: 552.3, oreProgrammate: 789 },
    });
    expect(prossimaAzione(step.state)).toBeUndefined();
    const scarse = decideTirocinio(conPresenze(92.29), emessa, at('2027-09-03'));
    expect(rules(scarse)).toEqual(['presenze-insufficienti']);
    expect(violazione(scarse, 'presenze-insufficienti')?.message).toMatch(/70%/);
  });

  it('not issued needs a reason; recorded once; needs a stored document when issued', () => {
    const s = conPresenze(92.3);
    const non = ok(decideTirocinio(s, { type: 'esitoAttestazione', attestazione: { emessa: false, motivo: 'rinuncia del tirocinante' } }, at('2027-09-03')));
    expect(non.state.attestazione).toEqual({ emessa: false, motivo: 'rinuncia del tirocinante', il: '2027-09-03T09:00:00.000Z' });
    expect(rules(decideTirocinio(s, { type: 'esitoAttestazione', attestazione: { emessa: false, motivo: 'no' } }, at('2027-09-03')))).toEqual([
      'motivazione-minima',
    ]);
    expect(rules(decideTirocinio(non.state, emessa, at('2027-09-04')))).toEqual(['attestazione-gia-registrata']);
    expect(
      rules(
        decideTirocinio(s, { type: 'esitoAttestazione', attestazione: { emessa: true, documentoId: 'doc-9', sha256: SHA.toUpperCase() } }, at('2027-09-03')),
      ),
    ).toEqual(['documento-non-valido']);
    expect(rules(decideTirocinio(attiva(), emessa, at('2027-05-03')))).toEqual(['presenze-insufficienti', 'stato-non-ammesso']);
  });

  it('after an interruption the threshold is on the planned hours of the whole PFI', () => {
    const s = run(
      attiva(),
      ['2027-04-02', presenze('2027-03', 130)],
      ['2027-04-10', { type: 'interruzione', actor: prom, parte: 'tirocinante', motivo: 'assunzione presso altra azienda' }],
    );
    expect(esitoPresenze(s)).toMatchObject({ orePresenza: 130, oreProgrammate: 789, sufficiente: false });
    expect(rules(decideTirocinio(s, emessa, at('2027-04-11')))).toEqual(['presenze-insufficienti']);
  });
});
