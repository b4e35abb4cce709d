import type { Actor } from '../auth/roles';
import {
  at,
  attiva,
  approva,
  bozza,
  chiedi,
  co,
  conCO,
  conclusa,
  inAttesa,
  integra,
  invio,
  inviata,
  ok,
  op,
  osp,
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
import { prossimaAzione } from './tirocinio.views';

describe('comunicazione obbligatoria and avvio', () => {
  it('records the CO, dated at the latest on the start date and not in the future', () => {
    const step = ok(decideTirocinio(inAttesa(), co('2027-03-01'), at('2027-03-01T08:00:00Z')));
    expect(step.state.stato).toBe('attesa-comunicazione');
    expect(step.state.comunicazione).toEqual({ codice: 'UNILAV-1', data: '2027-03-01', registrataDa: osp.sub, registrataIl: '2027-03-01T08:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'attesa-comunicazione', a: 'attesa-comunicazione', evento: 'comunicazioneObbligatoria' });
    expect(rules(decideTirocinio(inAttesa(), co('2027-03-02'), at('2027-03-02')))).toEqual(['comunicazione-tardiva']);
    expect(rules(decideTirocinio(inAttesa(), co('2027-02-21'), at('2027-02-20')))).toEqual(['data-futura']);
    expect(ok(decideTirocinio(inAttesa(), co('2027-02-20'), at('2027-02-20'))).state.comunicazione?.data).toBe('2027-02-20');
  });

  it('needs a code, a real date, a host/promoter/operator of the office, and only once', () => {
    expect(rules(decideTirocinio(inAttesa(), { ...co(), codice: ' ' } as TirocinioEvent, at('2027-02-20')))).toEqual(['codice-comunicazione-mancante']);
    expect(rules(decideTirocinio(inAttesa(), co('2027-02-31'), at('2027-02-20')))).toEqual(['data-non-valida']);
    expect(rules(decideTirocinio(inAttesa(), co('2027-02-20', resp), at('2027-02-20')))).toEqual(['ruolo-non-ammesso']);
    expect(ok(decideTirocinio(inAttesa(), co('2027-02-20', op), at('2027-02-20'))).state.comunicazione?.registrataDa).toBe(op.sub);
    expect(rules(decideTirocinio(conCO(), co(), at('2027-02-21')))).toEqual(['comunicazione-gia-registrata']);
    expect(rules(decideTirocinio(inviata(), co(), at('2027-02-21')))).toEqual(['stato-non-ammesso']);
  });

  it('avvio at the start date: active with the CO, blocked without; not a moment before', () => {
    const step = ok(decideTirocinio(conCO(), { type: 'avvio' }, at('2027-03-01T00:00:00Z')));
    expect(step.state).toMatchObject({ stato: 'attiva', avviataIl: '2027-03-01T00:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'attesa-comunicazione', a: 'attiva', attore: null });
    const bloccato = ok(decideTirocinio(inAttesa(), { type: 'avvio' }, at('2027-03-01T00:00:00Z')));
    expect(bloccato.state).toMatchObject({ stato: 'avvio-bloccato', bloccataIl: '2027-03-01T00:00:00.000Z' });
    expect(bloccato.transition.motivo).toMatch(/comunicazione obbligatoria/);
    expect(rules(decideTirocinio(conCO(), { type: 'avvio' }, at('2027-02-28T23:59:59Z')))).toEqual(['avvio-non-raggiunto']);
    expect(rules(decideTirocinio(attiva(), { type: 'avvio' }, at('2027-03-01')))).toEqual(['stato-non-ammesso']);
  });

  it('a blocked start is released by a CO dated on time, recorded late', () => {
    const bloccato = run(inAttesa(), ['2027-03-01T00:00:00Z', { type: 'avvio' }]);
    expect(prossimaAzione(bloccato)).toEqual({ azione: 'comunicazioneObbligatoria', chi: 'ospitante', scadenza: '2027-03-01' });
    const step = ok(decideTirocinio(bloccato, co('2027-02-27'), at('2027-03-03')));
    expect(step.state).toMatchObject({ stato: 'attiva', avviataIl: '2027-03-03T09:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'avvio-bloccato', a: 'attiva' });
    expect(rules(decideTirocinio(bloccato, co('2027-03-02'), at('2027-03-03')))).toEqual(['comunicazione-tardiva']);
  });
});

describe('sospensione and ripresa', () => {
  it('suspends for a cause of the pack from today at the latest; resuming extends the end by the suspended days', () => {
    const sospesa = ok(decideTirocinio(attiva(), sospendi('chiusura-ospitante', '2027-04-01'), at('2027-04-01')));
    expect(sospesa.state.stato).toBe('sospesa');
    expect(sospesa.state.sospensioni).toEqual([
      {
        causa: 'chiusura-ospitante',
        dal: '2027-04-01',
        motivo: 'certificato medico allegato',
        registrataDa: prom.sub,
        registrataIl: '2027-04-01T09:00:00.000Z',
      },
    ]);
    expect(prossimaAzione(sospesa.state)).toEqual({ azione: 'ripresa', chi: 'promotore o operatore' });
    // 15 days (1..15 April): the host-closure minimum, counted
    const ripresa = ok(decideTirocinio(sospesa.state, riprendi('2027-04-15'), at('2027-04-16')));
    expect(ripresa.state).toMatchObject({ stato: 'attiva', dataFinePrevista: '2027-08-31', dataFineEffettiva: '2027-09-15' });
    expect(ripresa.state.sospensioni[0]).toMatchObject({ al: '2027-04-15', conteggiata: true, ripresaRegistrataDa: prom.sub });
    expect(ripresa.transition.dettagli).toMatchObject({ giorni: 15, conteggiata: true, minimoGiorni: 15, dataFineEffettiva: '2027-09-15' });
  });

  it('a suspension shorter than its cause’s minimum days is recorded but not counted', () => {
    const sospesa = run(attiva(), ['2027-04-01', sospendi('chiusura-ospitante', '2027-04-01')]);
    const step = ok(decideTirocinio(sospesa, riprendi('2027-04-14'), at('2027-04-15')));
    expect(step.state.sospensioni[0]).toMatchObject({ al: '2027-04-14', conteggiata: false });
    expect(step.state.dataFineEffettiva).toBe('2027-08-31');
    expect(step.transition.dettagli).toMatchObject({ giorni: 14, conteggiata: false });
  });

  it('illness counts from a third of the planned period (184 days: 62 days yes, 61 no)', () => {
    const sospesa = run(attiva(), ['2027-04-01', sospendi('malattia-lunga', '2027-04-01')]);
    const conta = ok(decideTirocinio(sospesa, riprendi('2027-06-01'), at('2027-06-02'))); // 62 days
    expect(conta.state.sospensioni[0].conteggiata).toBe(true);
    expect(conta.state.dataFineEffettiva).toBe('2027-11-01');
    expect(conta.transition.dettagli).toMatchObject({ minimoFrazioneDurata: '1/3', durataPrevistaGiorni: 184 });
    const nonConta = ok(decideTirocinio(sospesa, riprendi('2027-05-31'), at('2027-06-02'))); // 61 days
    expect(nonConta.state.sospensioni[0].conteggiata).toBe(false);
    expect(nonConta.state.dataFineEffettiva).toBe('2027-08-31');
  });

  it('maternity counts from one day', () => {
    const s = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')], ['2027-04-02', riprendi('2027-04-01')]);
    expect(s.dataFineEffettiva).toBe('2027-09-01');
  });

  it('refuses causes outside the pack, future or misplaced dates, short reasons, the host and non-active states', () => {
    const s = attiva();
    expect(rules(decideTirocinio(s, sospendi('infortunio-lungo', '2027-04-01'), at('2027-04-01')))).toEqual(['causa-non-ammessa']);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-04-02'), at('2027-04-01')))).toEqual(['data-futura']);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-02-28'), at('2027-04-01')))).toEqual(['sospensione-prima-inizio']);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-03-01'), at('2027-04-01')))).toEqual([]);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-09-01'), at('2027-09-01')))).toEqual(['sospensione-oltre-fine']);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-08-31'), at('2027-08-31')))).toEqual([]);
    expect(rules(decideTirocinio(s, { ...sospendi('maternita', '2027-04-01'), motivo: 'breve' } as TirocinioEvent, at('2027-04-01')))).toEqual([
      'motivazione-minima',
    ]);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-04-01', osp), at('2027-04-01')))).toEqual(['ruolo-non-ammesso']);
    expect(ok(decideTirocinio(s, sospendi('maternita', '2027-04-01', op), at('2027-04-01'))).state.stato).toBe('sospesa');
    const sospesa = run(s, ['2027-04-01', sospendi('maternita', '2027-04-01')]);
    expect(rules(decideTirocinio(sospesa, sospendi('maternita', '2027-04-02'), at('2027-04-02')))).toEqual(['stato-non-ammesso']);
  });

  it('a new suspension starts after the previous one ended', () => {
    const s = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')], ['2027-04-11', riprendi('2027-04-10')]);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-04-10'), at('2027-04-12')))).toEqual(['sospensione-sovrapposta']);
    const step = ok(decideTirocinio(s, sospendi('maternita', '2027-04-11'), at('2027-04-12')));
    const ripresa = ok(decideTirocinio(step.state, riprendi('2027-04-12'), at('2027-04-13')));
    expect(ripresa.state.dataFineEffettiva).toBe('2027-09-12'); // 10 + 2 days
  });

  it('ripresa: not before the suspension began, not in the future, only while suspended', () => {
    const sospesa = run(attiva(), ['2027-04-05', sospendi('maternita', '2027-04-05')]);
    expect(rules(decideTirocinio(sospesa, riprendi('2027-04-04'), at('2027-04-10')))).toEqual(['ripresa-prima-sospensione']);
    expect(rules(decideTirocinio(sospesa, riprendi('2027-04-11'), at('2027-04-10')))).toEqual(['data-futura']);
    expect(rules(decideTirocinio(sospesa, riprendi('2027-04-10'), at('2027-04-10')))).toEqual([]);
    expect(rules(decideTirocinio(sospesa, riprendi('2027-04-10', osp), at('2027-04-10')))).toEqual(['ruolo-non-ammesso']);
    expect(rules(decideTirocinio(attiva(), riprendi('2027-04-10'), at('2027-04-10')))).toEqual(['stato-non-ammesso']);
  });
});

describe('proroga', () => {
  const proroga = (nuovaDataFine: string, actor: Actor = prom): TirocinioEvent => ({
    type: 'proroga',
    actor,
    nuovaDataFine,
    motivo: 'completare il progetto formativo',
  });

  it('extends the planned end up to the maximum duration (12 months from 1 March 2027: 29 February 2028)', () => {
    const step = ok(decideTirocinio(attiva(), proroga('2028-02-29'), at('2027-06-01')));
    expect(step.state).toMatchObject({ dataFinePrevista: '2028-02-29', dataFineEffettiva: '2028-02-29' });
    expect(step.state.proroghe).toEqual([
      {
        daDataFine: '2027-08-31',
        aDataFine: '2028-02-29',
        motivo: 'completare il progetto formativo',
        registrataDa: prom.sub,
        registrataIl: '2027-06-01T09:00:00.000Z',
      },
    ]);
    const oltre = decideTirocinio(attiva(), proroga('2028-03-01'), at('2027-06-01'));
    expect(rules(oltre)).toEqual(['proroga-oltre-massimo']);
    expect(violazione(oltre, 'proroga-oltre-massimo')).toMatchObject({ found: '2028-03-01', limit: '2028-02-29' });
  });

  it('the longer maximum applies to svantaggiati', () => {
    const s = run(
      bozza({ svantaggiato: true }),
      ['2027-02-01', invio()],
      ['2027-02-03', approva()],
      ['2027-02-20', co()],
      ['2027-03-01T00:00:00Z', { type: 'avvio' }],
    );
    expect(ok(decideTirocinio(s, proroga('2029-02-28'), at('2027-06-01'))).state.dataFinePrevista).toBe('2029-02-28');
    expect(rules(decideTirocinio(s, proroga('2029-03-01'), at('2027-06-01')))).toEqual(['proroga-oltre-massimo']);
  });

  it('suspended days do not count towards the maximum: the effective end goes beyond it', () => {
    const s = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')], ['2027-04-11', riprendi('2027-04-10')]);
    const step = ok(decideTirocinio(s, proroga('2028-02-29'), at('2027-06-01')));
    expect(step.state.dataFineEffettiva).toBe('2028-03-10');
    expect(step.transition.dettagli).toEqual({ daDataFine: '2027-08-31', aDataFine: '2028-02-29', dataFineEffettiva: '2028-03-10' });
  });

  it("records what the checks read from the registry with the step (the site's count and its date, the trainee's data), and nothing when none came", () => {
    const controlloSede = { sedeId: 'sede-1', dipendentiIndeterminato: 25, dipendentiIndeterminatoDal: '2027-03-01', limite: 3, altriTirocini: 1 };
    const controlloTirocinante = { tirocinanteId: 'tir-1', codiceFiscale: 'RSSMRA05H15D612P', dataNascita: '2005-06-15' };
    const step = ok(decideTirocinio(attiva(), { ...proroga('2027-10-31'), controlloSede, controlloTirocinante } as TirocinioEvent, at('2027-06-01')));
    expect(step.transition.dettagli).toEqual({
      daDataFine: '2027-08-31',
      aDataFine: '2027-10-31',
      dataFineEffettiva: '2027-10-31',
      controlloSede,
      controlloTirocinante,
    });
    expect(ok(decideTirocinio(attiva(), proroga('2027-10-31'), at('2027-06-01'))).transition.dettagli).toEqual({
      daDataFine: '2027-08-31',
      aDataFine: '2027-10-31',
      dataFineEffettiva: '2027-10-31',
    });
    const integrata = ok(
      decideTirocinio(run(inviata(), ['2027-02-03', chiedi()]), { ...integra(), controlloSede, controlloTirocinante } as TirocinioEvent, at('2027-02-05')),
    );
    expect(integrata.transition.dettagli).toEqual({ richiesta: 1, controlloSede, controlloTirocinante });
  });

  it('must move the planned end forward; allowed while suspended; by promoter or operator only', () => {
    expect(rules(decideTirocinio(attiva(), proroga('2027-08-31'), at('2027-06-01')))).toEqual(['proroga-non-estende']);
    expect(ok(decideTirocinio(attiva(), proroga('2027-09-01'), at('2027-06-01'))).state.dataFinePrevista).toBe('2027-09-01');
    const sospesa = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')]);
    expect(ok(decideTirocinio(sospesa, proroga('2027-10-31', op), at('2027-06-01'))).state.stato).toBe('sospesa');
    expect(rules(decideTirocinio(attiva(), proroga('2027-10-31', osp), at('2027-06-01')))).toEqual(['ruolo-non-ammesso']);
    expect(rules(decideTirocinio(attiva(), { ...proroga('2027-10-31'), motivo: 'x' } as TirocinioEvent, at('2027-06-01')))).toEqual(['motivazione-minima']);
    expect(rules(decideTirocinio(conCO(), proroga('2027-10-31'), at('2027-02-21')))).toEqual(['stato-non-ammesso']);
  });
});

describe('interruzione', () => {
  const interrompi = (parte = 'tirocinante', actor: Actor = prom): TirocinioEvent =>
    ({ type: 'interruzione', actor, parte, motivo: 'assunzione presso altra azienda' }) as TirocinioEvent;

  it('ends an active traineeship today, on whose initiative', () => {
    const step = ok(decideTirocinio(attiva(), interrompi(), at('2027-05-10')));
    expect(step.state).toMatchObject({ stato: 'interrotta', conclusaIl: '2027-05-10T09:00:00.000Z' });
    expect(step.state.interruzione).toEqual({
      parte: 'tirocinante',
      motivo: 'assunzione presso altra azienda',
      data: '2027-05-10',
      registrataDa: prom.sub,
      il: '2027-05-10T09:00:00.000Z',
    });
    expect(step.transition).toMatchObject({
      da: 'attiva',
      a: 'interrotta',
      motivo: 'assunzione presso altra azienda',
      dettagli: { parte: 'tirocinante', data: '2027-05-10' },
    });
  });

  it('closes an open suspension on the interruption day', () => {
    const sospesa = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')]);
    const step = ok(decideTirocinio(sospesa, interrompi('ospitante', op), at('2027-04-10')));
    expect(step.state.sospensioni[0]).toMatchObject({ al: '2027-04-10', conteggiata: true });
    expect(step.state.dataFineEffettiva).toBe('2027-09-10');
    expect(step.transition.dettagli).toMatchObject({ sospensioneChiusa: { giorni: 10 } });
  });

  it('is the way out of a blocked start; refused after the end, for unknown parties, short reasons or the host', () => {
    const bloccato = run(inAttesa(), ['2027-03-01T00:00:00Z', { type: 'avvio' }]);
    expect(ok(decideTirocinio(bloccato, interrompi('ospitante'), at('2027-03-10'))).state.stato).toBe('interrotta');
    expect(ok(decideTirocinio(inAttesa(), interrompi('promotore'), at('2027-02-10'))).state.stato).toBe('interrotta');
    expect(rules(decideTirocinio(conclusa(), interrompi(), at('2027-09-02')))).toEqual(['stato-non-ammesso']);
    expect(rules(decideTirocinio(attiva(), interrompi('tutor'), at('2027-05-10')))).toEqual(['parte-non-ammessa']);
    expect(rules(decideTirocinio(attiva(), { type: 'interruzione', actor: prom, parte: 'tirocinante', motivo: 'breve' }, at('2027-05-10')))).toEqual([
      'motivazione-minima',
    ]);
    expect(rules(decideTirocinio(attiva(), interrompi('ospitante', osp), at('2027-05-10')))).toEqual(['ruolo-non-ammesso']);
  });
});

describe('conclusione', () => {
  it('at the start of the day after the effective end, for that end date only', () => {
    const step = ok(decideTirocinio(attiva(), { type: 'conclusione', dataFine: '2027-08-31' }, at('2027-09-01T00:00:00Z')));
    expect(step.state).toMatchObject({ stato: 'conclusa', conclusaIl: '2027-09-01T00:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'attiva', a: 'conclusa', attore: null, dettagli: { dataFineEffettiva: '2027-08-31' } });
    expect(rules(decideTirocinio(attiva(), { type: 'conclusione', dataFine: '2027-08-31' }, at('2027-08-31T23:59:59Z')))).toEqual(['fine-non-raggiunta']);
  });

  it('a timer for an end date that has moved is refused, and so is one while suspended', () => {
    const prorogata = run(attiva(), ['2027-06-01', { type: 'proroga', actor: prom, nuovaDataFine: '2027-09-30', motivo: 'completare il progetto' }]);
    expect(rules(decideTirocinio(prorogata, { type: 'conclusione', dataFine: '2027-08-31' }, at('2027-09-01T00:00:00Z')))).toEqual(['fine-non-corrente']);
    const sospesa = run(attiva(), ['2027-08-30', sospendi('maternita', '2027-08-30')]);
    expect(rules(decideTirocinio(sospesa, { type: 'conclusione', dataFine: '2027-08-31' }, at('2027-09-01T00:00:00Z')))).toEqual(['stato-non-ammesso']);
  });
});
