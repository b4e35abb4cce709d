import { isExternal, isRole } from '../../libs/domain/src/auth/roles';
import { verificaPartitaIva } from '../../libs/domain/src/common/identificativi';
import { descrizioneUtente, SOGGETTI_SVILUPPO, UFFICI_SVILUPPO, UTENTI_SVILUPPO, utenteSviluppo } from './utenti';

describe('development users', () => {
  it('are exactly the users the journeys log in as, with their roles and offices', () => {
    expect(UTENTI_SVILUPPO.map((u) => `${u.sub} ${u.ruoli.join('+')} ${u.ufficio} ${u.soggetto ?? '-'}`)).toEqual([
      'mario.rossi operatore CPI-FI -',
      'anna.bianchi responsabile CPI-FI -',
      'giulia.neri dirigente CPI-FI -',
      'carla.moretti dirigente CPI-FI -',
      'luca.verdi operatore CPI-PO -',
      'sara.gallo responsabile CPI-PO -',
      'piero.gialli dirigente CPI-PO -',
      `paolo.conti promotore CPI-FI ${SOGGETTI_SVILUPPO.A.partitaIva}`,
      `franca.russo ospitante CPI-FI ${SOGGETTI_SVILUPPO.B.partitaIva}`,
      `davide.greco datore CPI-FI ${SOGGETTI_SVILUPPO.C.partitaIva}`,
      `irene.costa promotore CPI-FI ${SOGGETTI_SVILUPPO.D.partitaIva}`,
      `bruno.fontana datore CPI-FI ${SOGGETTI_SVILUPPO.E.partitaIva}`,
      'laura.ricci ispettore ITL-FI -',
      'marco.galli ispettore ITL-FI -',
      'elena.marino dirigente ITL-FI -',
      'fabio.lombardi dirigente ITL-PO -',
      'admin.regione amministratore REGIONE -',
    ]);
  });

  it('have unique usernames and only roles the API knows', () => {
    const subs = UTENTI_SVILUPPO.map((u) => u.sub);
    expect(new Set(subs).size).toBe(subs.length);
    for (const u of UTENTI_SVILUPPO) {
      expect(u.sub).toMatch(/^[a-z]+\.[a-z]+$/);
      expect(u.ruoli.length).toBeGreaterThan(0);
      expect(u.ruoli.filter((r) => !isRole(r))).toEqual([]);
      expect(UFFICI_SVILUPPO[u.ufficio]).toBeDefined();
      expect(u.nome.trim()).not.toBe('');
      expect(u.cognome.trim()).not.toBe('');
    }
  });

  it('give every external user an organisation with a valid partita IVA, and staff none', () => {
    const esterni = UTENTI_SVILUPPO.filter((u) => isExternal({ roles: u.ruoli }));
    expect(esterni.map((u) => u.sub)).toEqual(['paolo.conti', 'franca.russo', 'davide.greco', 'irene.costa', 'bruno.fontana']);
    for (const u of esterni) {
      expect(verificaPartitaIva(u.soggetto ?? '')).toEqual([]);
      expect(u.organizzazione).toBeTruthy();
    }
    // Five organisations: another promotore and another employer are not the first ones.
    expect(new Set(esterni.map((u) => u.soggetto)).size).toBe(5);
    for (const u of UTENTI_SVILUPPO.filter((x) => !isExternal({ roles: x.ruoli }))) {
      expect(u.soggetto).toBeUndefined();
      expect(u.organizzazione).toBeUndefined();
    }
  });

  it('are found by username, and described by name, username, roles and office', () => {
    expect(utenteSviluppo('mario.rossi')?.ruoli).toEqual(['operatore']);
    expect(utenteSviluppo('nessuno')).toBeUndefined();
    expect(descrizioneUtente(utenteSviluppo('mario.rossi')!)).toBe('Mario Rossi (mario.rossi) — operatore, CPI-FI');
    expect(descrizioneUtente(utenteSviluppo('paolo.conti')!)).toBe(
      `Paolo Conti (paolo.conti) — promotore, CPI-FI, per ${SOGGETTI_SVILUPPO.A.nome} (P.IVA ${SOGGETTI_SVILUPPO.A.partitaIva})`,
    );
  });
});
