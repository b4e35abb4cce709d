import { testoPdf } from '../../../../test/support/pdf';
import { attestazionePdf, DatiAttestazione } from './attestazione-pdf';

const dati = (): DatiAttestazione => ({
  tirocinioId: '0b6f0e8e-6b1c-4f55-9a3e-3f2d1c0b9a77',
  promotore: { denominazione: 'Agenzia formativa Żurawska – Σ Formazione', codiceFiscale: '01234567890' },
  ospitante: { denominazione: 'Tessitura Ştefănescu S.r.l.', codiceFiscale: '09876543210', sede: 'Via Roma 1, Prato' },
  tirocinante: { nome: 'Łukasz', cognome: 'Wróblewski Ðorđević', codiceFiscale: 'WRBLKS98A01Z127X', dataNascita: '1998-01-01' },
  dataInizio: '2026-02-02',
  dataFine: '2026-07-31',
  esito: 'conclusa',
  obiettivi: 'Acquisire le tecniche di tessitura ≥ livello base',
  attivita: 'Affiancamento al reparto orditura',
  oreProgrammate: 800,
  orePresenza: 764,
  percentualePresenza: '95.5',
  sogliaPercentuale: 70,
  sospensioni: [{ dal: '2026-04-01', al: '2026-04-15', causa: 'maternità' }],
  versioneRegole: 'toscana-2018.1',
  emessaIl: new Date('2026-08-03T10:00:00Z'),
});

describe('attestazionePdf', () => {
  it('prints names and symbols outside Latin-1 as they are, dates gg/mm/aaaa and the share with a decimal comma', async () => {
    const testo = testoPdf(await attestazionePdf(dati()))
      .flat()
      .join(' ');
    expect(testo).toContain('Łukasz Wróblewski Ðorđević, nato/a il 01/01/1998');
    expect(testo).toContain('Agenzia formativa Żurawska – Σ Formazione');
    expect(testo).toContain('Tessitura Ştefănescu S.r.l.');
    expect(testo).toContain('≥ livello base');
    expect(testo).toContain('dal 02/02/2026 al 31/07/2026');
    expect(testo).toContain('Ore di presenza registrate: 764 (95,5%)');
    expect(testo).not.toContain('?');
  });

  it('is the same bytes for the same data (a retried generation stores the same document)', async () => {
    const [a, b] = await Promise.all([attestazionePdf(dati()), attestazionePdf(dati())]);
    expect(a.equals(b)).toBe(true);
  });
});
