import { messaggioNotifica, pausaTentativoMs } from './invio-email';

describe('pausaTentativoMs', () => {
  it('doubles from the first pause and stops at an hour', () => {
    expect([1, 2, 3, 4].map((n) => pausaTentativoMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(pausaTentativoMs(12, 30_000)).toBe(3_600_000);
    expect(pausaTentativoMs(1000, 30_000)).toBe(3_600_000);
  });
});

describe('messaggioNotifica', () => {
  const riga = {
    id: '7d3c1b1e-2f7a-4c55-9a7e-3f2d1c0b9a77',
    notifica_id: 'a1b2c3d4-0000-4000-8000-000000000001',
    indirizzo: 'anna@uffici.example.it',
    tentativi: 1,
    titolo: 'Fase scaduta senza data di fine effettiva',
    testo: 'Piano: la fase 2 aveva fine prevista il 30/06/2026.',
    procedura: 'cronoprogramma',
    entita_id: 'piano-1',
    ufficio: 'CPI-FI',
    creata_il: new Date('2026-07-01T06:00:00Z'),
  };

  it('is the notice in Italian, with a Message-ID fixed by the e-mail row (a resend after a crash is the same message)', () => {
    const m = messaggioNotifica(riga, 'Servizi per il lavoro <notifiche@regione.example.it>');
    expect(m).toMatchObject({
      from: 'Servizi per il lavoro <notifiche@regione.example.it>',
      to: 'anna@uffici.example.it',
      subject: riga.titolo,
      messageId: `<${riga.id}@regione.example.it>`,
      headers: { 'X-Notifica-Id': riga.notifica_id },
    });
    expect(m.text.split('\n')).toEqual([
      riga.testo,
      '',
      '--',
      'Procedura: Cronoprogramma e performance · riferimento piano-1 · ufficio CPI-FI',
      "L'avviso resta nell'elenco delle notifiche del servizio. Messaggio automatico: non rispondere.",
    ]);
    expect(messaggioNotifica(riga, 'notifiche@cpi.example.it').messageId).toBe(`<${riga.id}@cpi.example.it>`);
  });
});
