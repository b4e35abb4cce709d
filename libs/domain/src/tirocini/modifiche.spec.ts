import { CAMPI_FISSI_IN_INTEGRAZIONE, DOCUMENTI_CARICABILI, STATI_MODIFICABILI, campiFissiCambiati, statiCaricamento } from './modifiche';

describe('what the submitter may change, and when', () => {
  it('changes the project in the draft and while an integration is asked for', () => {
    expect(STATI_MODIFICABILI).toEqual(['bozza', 'integrazioni-richieste']);
  });

  it('attaches every kind of document but the attestazione, which the procedure generates', () => {
    expect(DOCUMENTI_CARICABILI).not.toContain('attestazione-finale');
    expect(DOCUMENTI_CARICABILI).toEqual(expect.arrayContaining(['convenzione', 'progetto-formativo', 'registro-presenze']));
  });

  it('keeps the attendance register during and after the traineeship, the other documents with the project', () => {
    expect(statiCaricamento('registro-presenze')).toEqual(['attiva', 'sospesa', 'conclusa', 'interrotta']);
    expect(statiCaricamento('convenzione')).toBe(STATI_MODIFICABILI);
  });

  it('names the parties, dates and hours an integration changed, compared as text', () => {
    const prima = { promotoreId: 'p1', ospitanteId: 'o1', dataInizio: '2027-03-01', oreSettimanali: 30, obiettivi: 'a' };
    const soloTesto = { ...prima, oreSettimanali: '30', obiettivi: 'b' };
    expect(campiFissiCambiati(prima, soloTesto)).toEqual([]);
    expect(campiFissiCambiati(prima, { ...prima, ospitanteId: 'o2', dataInizio: '2027-04-01' })).toEqual(['ospitanteId', 'dataInizio']);
    expect(CAMPI_FISSI_IN_INTEGRAZIONE).not.toContain('obiettivi');
  });
});
