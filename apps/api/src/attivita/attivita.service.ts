import { Injectable } from '@nestjs/common';
import { Actor, isExternal } from '@app/domain';
import { PROCEDURE_ATTIVITA, type ChiaveAttivita, type ProceduraAttivita, paginaAttivita, ripresaSenzaScadenza } from '@app/domain/attivita/attivita';
import { italianHolidays } from '@app/domain/calendar/festivita';
import { attivitaOfferta, statiAttesaOfferte } from '@app/domain/collocamento/offerta.attivita';
import { STATI_PIANO_IN_ATTESA, attivitaPiano, vedeAttivitaPiani } from '@app/domain/cronoprogramma/attivita';
import { ambitoAttesaIspezioni, attivitaIspezione } from '@app/domain/ispezioni/ispezione.attivita';
import { politicaDi } from '@app/domain/ispezioni/politica';
import { attivitaPratica, statiAttesaPratiche } from '@app/domain/pratiche/pratica.attivita';
import { CODICE_PRESENZE, type RigaAttivitaTirocinio, attivitaTirocinio, statiAttesaTirocini } from '@app/domain/tirocini/tirocinio.attivita';
import { AmbitoAttivita, AppConfig, AttivitaRepository } from '@app/infrastructure';
import { LIMITE_PAGINA, leggiCursoreChiave, scriviCursoreChiave } from '../common/paginazione';
import type { AttivitaQuery, ElencoAttivitaView } from './attivita.dto';

const festivi = italianHolidays();

/** The instants a key may hold: those of years 1 to 9999 (the database's range includes them; a Date holds them). */
const ISTANTE_MIN = Date.parse('0001-01-01T00:00:00.000Z');
const ISTANTE_MAX = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A cursor's key back from its array: [deadline ms or null, since ms, procedure, id, step]. Its instant and id reach
 * the database (the attendance asked of a host is read from there a page at a time): a real instant, and text with no
 * control character, or the cursor is not valid (400), never a query the database refuses (500).
 */
function chiave(v: unknown[]): ChiaveAttivita | undefined {
  const [scadenza, dal, procedura, id, codice] = v;
  const ms = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= ISTANTE_MIN && x <= ISTANTE_MAX;
  // eslint-disable-next-line no-control-regex
  const breve = (x: unknown) => typeof x === 'string' && x.length > 0 && x.length <= 100 && !/[\u0000-\u001f\u007f]/.test(x);
  if (v.length !== 5 || !(scadenza === null || ms(scadenza)) || !ms(dal) || !PROCEDURE_ATTIVITA.includes(procedura as ProceduraAttivita)) return undefined;
  if (!breve(id) || !breve(codice)) return undefined;
  return { scadenza: scadenza as number | null, dal: dal as number, procedura: procedura as ProceduraAttivita, id: id as string, codice: codice as string };
}

/**
 * "Le mie attività": what waits for the caller in every procedure, in their office (and, for external users, their
 * organisation). Each procedure's rows are read by one indexed query (AttivitaRepository), each procedure's rules say
 * what they ask of the caller (libs/domain/src/<procedure>/*.attivita.ts), and the lists are merged and paged here.
 * A role that takes no step in a procedure reads nothing of it: an amministratore, who sees every office's records,
 * takes no step in any of them (each procedure refuses a step from outside the case's office), so nothing waits for
 * that role.
 */
@Injectable()
export class AttivitaService {
  constructor(
    private readonly repo: AttivitaRepository,
    private readonly config: AppConfig,
  ) {}

  async elenco(actor: Actor, q: AttivitaQuery): Promise<ElencoAttivitaView> {
    const now = new Date();
    const ambito: AmbitoAttivita = { ufficio: actor.office, sub: actor.sub, ...(isExternal(actor) ? { soggetto: actor.soggetto } : {}) };
    const limite = q.limite ?? LIMITE_PAGINA;
    const dopo = q.dopo ? leggiCursoreChiave(q.dopo, chiave) : undefined;
    // The active traineeships asking for attendance, one item each with no term: a page of them after the cursor
    // (one more than a page, so the list knows whether more follow) and how many in all.
    const dovuti = { dopo: ripresaSenzaScadenza(dopo, 'tirocini', CODICE_PRESENZE), limite: limite + 1 };
    const statiTirocini = statiAttesaTirocini(actor);
    const [pratiche, tirocini, presenze, offerte, richieste, piani] = await Promise.all([
      this.repo.pratiche(ambito, statiAttesaPratiche(actor)),
      this.repo.tirocini(ambito, statiTirocini),
      this.repo.tirociniDovuti(ambito, statiTirocini, now, dovuti),
      this.repo.offerte(ambito, statiAttesaOfferte(actor)),
      this.repo.richieste(ambito, ambitoAttesaIspezioni(actor)),
      this.repo.piani(ambito, vedeAttivitaPiani(actor) ? STATI_PIANO_IN_ATTESA : []),
    ]);
    const tir = (r: RigaAttivitaTirocinio) => attivitaTirocinio(r, actor, { unitaMs: this.config.TIROCINI_UNITA_GIORNO_MS, now });
    const presenzeLette = presenze.righe.flatMap(tir);
    const voci = [
      ...pratiche.flatMap((r) => attivitaPratica(r, actor)),
      ...tirocini.flatMap(tir),
      ...presenzeLette,
      ...offerte.flatMap((r) => attivitaOfferta(r, actor)),
      ...richieste.flatMap(({ impostazioniIspettorato, ...r }) =>
        attivitaIspezione({ ...r, politica: politicaDi(impostazioniIspettorato ?? {}).termini }, actor, { now, isHoliday: festivi }),
      ),
      ...piani.flatMap((r) => attivitaPiano(r, actor, { now, isHoliday: festivi })),
    ];
    const pagina = paginaAttivita(voci, { limite, now, procedura: q.procedura, dopo, nonLette: { tirocini: presenze.totale - presenzeLette.length } });
    const s = pagina.successivo;
    return {
      elementi: pagina.elementi.map(({ procedura, id, riferimento, stato, azione, scadenza, scaduta, link, dal }) => ({
        procedura,
        id,
        riferimento,
        stato,
        azione,
        scadenza,
        scaduta,
        link,
        dal,
      })),
      conteggi: pagina.conteggi,
      scadute: pagina.scadute,
      ...(s ? { successivo: scriviCursoreChiave([s.scadenza, s.dal, s.procedura, s.id, s.codice]) } : {}),
    };
  }
}
