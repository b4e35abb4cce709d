import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Datore, Iscritto, Offerta } from '../../../domain/src/collocamento/collocamento.types';
import type { Graduatoria } from '../../../domain/src/collocamento/graduatoria';
import type { OffertaState } from '../../../domain/src/collocamento/offerta.machine';

export interface OffertaRow {
  id: string;
  workflowId: string;
  ufficio: string;
  regione: string;
  datoreId: string;
  stato: string;
  offerta: Offerta;
  statoProcedura: OffertaState;
  richiestaIl: Date;
  rosaIl: Date | null;
  slaScadenza: string | null;
  slaViolata: boolean;
  creataDa: string;
  aggiornataIl: Date;
}

export interface GraduatoriaRow {
  offertaId: string;
  hash: string;
  versioneRegole: string;
  dataRiferimento: string;
  dataChiusura: string;
  inputOfferta: Offerta;
  inputCandidati: Iscritto[];
  risultato: Graduatoria;
  calcolataIl: Date;
}

/** A user's text as a LIKE pattern that matches it literally (a % typed is a character, not "anything"), upper case. */
const prefissoLike = (t: string): string => t.trim().toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`);

const ISCRITTO_COLS = `id, codice_fiscale AS "codiceFiscale", ufficio, territorio, categoria, percentuale_invalidita AS "percentualeInvalidita",
  to_char(data_iscrizione, 'YYYY-MM-DD') AS "dataIscrizione", stato_occupazionale AS "statoOccupazionale", isee_cent AS "iseeCent",
  familiari_a_carico AS "familiariACarico", competenze, mansioni_compatibili AS "mansioniCompatibili", mansioni_incompatibili AS "mansioniIncompatibili",
  note_compatibilita AS "noteCompatibilita", sesso, to_char(data_nascita, 'YYYY-MM-DD') AS "dataNascita"`;

const SELECT_OFFERTA = `SELECT id, workflow_id AS "workflowId", ufficio, regione, datore_id AS "datoreId", stato, offerta, stato_procedura AS "statoProcedura",
  richiesta_il AS "richiestaIl", rosa_il AS "rosaIl", to_char(sla_scadenza, 'YYYY-MM-DD') AS "slaScadenza", sla_violata AS "slaViolata",
  creata_da AS "creataDa", aggiornata_il AS "aggiornataIl" FROM cm_offerte`;

/** A row of cm_iscritti back to the domain's Iscritto (nulls dropped, ISEE as a number). */
function iscritto(r: Record<string, unknown>): Iscritto {
  const out: Iscritto = {
    id: r.id as string, codiceFiscale: r.codiceFiscale as string, ufficio: r.ufficio as string, territorio: r.territorio as string,
    categoria: r.categoria as Iscritto['categoria'], dataIscrizione: r.dataIscrizione as string, statoOccupazionale: r.statoOccupazionale as Iscritto['statoOccupazionale'],
    familiariACarico: Number(r.familiariACarico), competenze: r.competenze as string[],
    compatibilita: { mansioniCompatibili: r.mansioniCompatibili as string[], mansioniIncompatibili: r.mansioniIncompatibili as string[], note: r.noteCompatibilita as string },
    sesso: r.sesso as Iscritto['sesso'], dataNascita: r.dataNascita as string,
  };
  if (r.percentualeInvalidita !== null && r.percentualeInvalidita !== undefined) out.percentualeInvalidita = Number(r.percentualeInvalidita);
  if (r.iseeCent !== null && r.iseeCent !== undefined) out.iseeCent = Number(r.iseeCent);
  return out;
}

/** An enrolment with what only the registry holds: the relazione's document, reports, and where it was transferred. */
export type IscrittoRegistro = Iscritto & {
  relazioneDocumentoId: string | null;
  relazioneSha256: string | null;
  segnalazioni: unknown[];
  /** Set once the person moved to another office's list: this enrolment is closed, kept for the offers it was in. */
  trasferitoA: string | null;
  trasferitoIl: Date | null;
  /** The office the person came from, when the enrolment opened with a transfer. */
  trasferitoDa: string | null;
};

/** An employer, with the office that registered it (the registry is regional: one record per employer). */
export type DatoreRegistro = Datore & { ufficio: string | null };

/** What an office decides for collocamento mirato (see the ImpostazioniUfficio migration). */
export interface ImpostazioniUfficio {
  ufficio: string;
  regione: string;
  dimensioneRosaMassima: number;
  patroni: string[];
  aggiornatoDa: string;
  aggiornatoIl: Date;
}

/**
 * The L. 68/99 lists, employers, offers, applications and graduatorie, in plain SQL (bulk paths included). Each
 * office keeps its own list: an enrolment is keyed by office and id, and an application names the office of the
 * enrolment it refers to (the offer's).
 */
@Injectable()
export class CollocamentoRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /** Inserts every person in one statement per 1,000 rows; a duplicate codice fiscale or id fails the whole batch. */
  async inserisciIscritti(m: EntityManager, rows: Iscritto[], by: string): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await m.query(
        `INSERT INTO cm_iscritti (id, codice_fiscale, ufficio, territorio, categoria, percentuale_invalidita, data_iscrizione, stato_occupazionale, isee_cent,
           familiari_a_carico, competenze, mansioni_compatibili, mansioni_incompatibili, note_compatibilita, sesso, data_nascita, aggiornato_da, aggiornato_il)
         SELECT x.id, x.cf, x.ufficio, x.territorio, x.categoria, x.perc, x.iscr::date, x.stato, x.isee, x.fam, x.comp::text[], x.mc::text[], x.mi::text[], x.note,
                x.sesso, x.nascita::date, $2, now()
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, cf text, ufficio text, territorio text, categoria text, perc int, iscr text, stato text, isee bigint,
              fam int, comp text, mc text, mi text, note text, sesso text, nascita text)`,
        [JSON.stringify(chunk.map((r) => ({
          id: r.id, cf: r.codiceFiscale, ufficio: r.ufficio, territorio: r.territorio, categoria: r.categoria, perc: r.percentualeInvalidita ?? null,
          iscr: r.dataIscrizione, stato: r.statoOccupazionale, isee: r.iseeCent ?? null, fam: r.familiariACarico, comp: r.competenze,
          mc: r.compatibilita.mansioniCompatibili, mi: r.compatibilita.mansioniIncompatibili, note: r.compatibilita.note, sesso: r.sesso, nascita: r.dataNascita,
        })).map((o) => ({ ...o, comp: `{${o.comp.map((c) => JSON.stringify(c)).join(',')}}`, mc: `{${o.mc.map((c) => JSON.stringify(c)).join(',')}}`, mi: `{${o.mi.map((c) => JSON.stringify(c)).join(',')}}` }))), by],
      );
    }
  }

  /** Employers already registered (the registry is regional), by id or codice fiscale. */
  async datoriEsistenti(m: EntityManager, ids: string[], cfs: string[]): Promise<{ id: string; cf: string }[]> {
    return m.query('SELECT id, codice_fiscale AS cf FROM cm_datori WHERE id = ANY($1::text[]) OR codice_fiscale = ANY($2::text[])', [ids, cfs]);
  }

  /** Enrolments the given offices already hold, by id or codice fiscale, each only within its own office. */
  async iscrittiEsistenti(m: EntityManager, righe: Array<{ ufficio: string; id: string; cf: string }>): Promise<{ ufficio: string; id: string; cf: string }[]> {
    return m.query(
      `SELECT i.ufficio, i.id, i.codice_fiscale AS cf FROM cm_iscritti i JOIN jsonb_to_recordset($1::jsonb) AS x(ufficio text, id text, cf text)
         ON x.ufficio = i.ufficio AND (x.id = i.id OR x.cf = i.codice_fiscale)`,
      [JSON.stringify(righe)],
    );
  }

  async iscritto(ufficio: string, id: string, m: EntityManager = this.db.manager, lock = false): Promise<IscrittoRegistro | null> {
    const [r] = await m.query(
      `SELECT ${ISCRITTO_COLS}, relazione_documento_id AS "relazioneDocumentoId", relazione_sha256 AS "relazioneSha256", segnalazioni,
              trasferito_a AS "trasferitoA", trasferito_il AS "trasferitoIl", trasferito_da AS "trasferitoDa"
       FROM cm_iscritti WHERE ufficio = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [ufficio, id],
    );
    return r ? {
      ...iscritto(r), relazioneDocumentoId: r.relazioneDocumentoId, relazioneSha256: r.relazioneSha256, segnalazioni: r.segnalazioni,
      trasferitoA: r.trasferitoA, trasferitoIl: r.trasferitoIl, trasferitoDa: r.trasferitoDa,
    } : null;
  }

  /** The applicants' data as it stands now, for the ranking. */
  /** An offer's applications with the person's registry data an operator needs (no health or economic data). */
  async elencoAdesioni(offertaId: string, limit: number, offset: number) {
    const [{ totale, attive }] = await this.db.query(
      'SELECT count(*)::int AS totale, count(*) FILTER (WHERE ritirata_il IS NULL)::int AS attive FROM cm_adesioni WHERE offerta_id = $1', [offertaId]);
    const elementi = await this.db.query(
      `SELECT a.iscritto_id AS "iscrittoId", i.codice_fiscale AS "codiceFiscale", i.categoria, i.territorio, i.stato_occupazionale AS "statoOccupazionale",
              a.aderito_il AS "aderitoIl", a.registrata_da AS "registrataDa", a.ritirata_il AS "ritirataIl"
         FROM cm_adesioni a LEFT JOIN cm_iscritti i ON i.ufficio = a.ufficio AND i.id = a.iscritto_id
        WHERE a.offerta_id = $1 ORDER BY a.aderito_il, a.iscritto_id LIMIT $2 OFFSET $3`,
      [offertaId, limit, offset],
    );
    return { totale, attive, elementi };
  }

  async iscrittiAderenti(m: EntityManager, offertaId: string): Promise<Iscritto[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${ISCRITTO_COLS} FROM cm_iscritti WHERE (ufficio, id) IN (SELECT ufficio, iscritto_id FROM cm_adesioni WHERE offerta_id = $1 AND ritirata_il IS NULL) ORDER BY id`,
      [offertaId],
    );
    return rows.map(iscritto);
  }

  async allegaRelazione(ufficio: string, id: string, documentoId: string, sha256: string): Promise<void> {
    await this.db.query('UPDATE cm_iscritti SET relazione_documento_id = $3, relazione_sha256 = $4, aggiornato_il = now() WHERE ufficio = $1 AND id = $2', [ufficio, id, documentoId, sha256]);
  }

  /** Offers of the office, not yet ranked, in which the person has an active application. */
  async adesioniAperte(m: EntityManager, ufficio: string, id: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT o.id FROM cm_adesioni a JOIN cm_offerte o ON o.id = a.offerta_id
       WHERE a.ufficio = $1 AND a.iscritto_id = $2 AND a.ritirata_il IS NULL AND o.stato IN ('richiesta', 'pubblicata', 'chiusa-adesioni') ORDER BY o.id`,
      [ufficio, id],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Moves an enrolment to another office's list: the source enrolment is closed (kept, for the offers it was in),
   * the destination's opens with the same data, or reopens if the person had been transferred away from there.
   * False if the destination already has an enrolment in force for the person.
   */
  async trasferisci(m: EntityManager, da: string, id: string, a: string, by: string): Promise<boolean> {
    const [src] = await m.query('SELECT codice_fiscale AS cf FROM cm_iscritti WHERE ufficio = $1 AND id = $2', [da, id]);
    const dest: { cf: string; chiusa: boolean }[] = await m.query(
      'SELECT codice_fiscale AS cf, trasferito_il IS NOT NULL AS chiusa FROM cm_iscritti WHERE ufficio = $1 AND (id = $2 OR codice_fiscale = $3) FOR UPDATE',
      [a, id, src.cf],
    );
    if (dest.some((d) => !d.chiusa || d.cf !== src.cf)) return false;
    const colonne = `territorio, categoria, percentuale_invalidita, data_iscrizione, stato_occupazionale, isee_cent, familiari_a_carico, competenze,
      mansioni_compatibili, mansioni_incompatibili, note_compatibilita, sesso, data_nascita, relazione_documento_id, relazione_sha256, segnalazioni`;
    if (dest.length) {
      await m.query(
        `UPDATE cm_iscritti SET (${colonne}) = (SELECT ${colonne} FROM cm_iscritti s WHERE s.ufficio = $3::varchar AND s.id = $2::varchar),
           trasferito_a = NULL, trasferito_il = NULL, trasferito_da = $3::varchar, aggiornato_da = $4, aggiornato_il = now()
         WHERE ufficio = $1 AND codice_fiscale = $5`,
        [a, id, da, by, src.cf],
      );
    } else {
      await m.query(
        `INSERT INTO cm_iscritti (ufficio, id, codice_fiscale, ${colonne}, trasferito_da, aggiornato_da, aggiornato_il)
         SELECT $1::varchar, id, codice_fiscale, ${colonne}, $3::varchar, $4::varchar, now() FROM cm_iscritti WHERE ufficio = $3::varchar AND id = $2::varchar`,
        [a, id, da, by],
      );
    }
    await m.query('UPDATE cm_iscritti SET trasferito_a = $3, trasferito_il = now(), aggiornato_da = $4, aggiornato_il = now() WHERE ufficio = $1 AND id = $2', [da, id, a, by]);
    return true;
  }

  async inserisciDatori(m: EntityManager, rows: Datore[], by: string, ufficio: string): Promise<void> {
    for (const d of rows) {
      await m.query(
        `INSERT INTO cm_datori (id, codice_fiscale, denominazione, dipendenti_computabili, copertura_art1, copertura_art18, aggiornato_da, aggiornato_il, ufficio)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8)`,
        [d.id, d.codiceFiscale, d.denominazione ?? null, d.dipendentiComputabili, d.coperturaArt1, d.coperturaArt18, by, ufficio],
      );
    }
  }

  /** The office's collocamento settings, or null when it has set none (the deployment's defaults apply). */
  async impostazioniUfficio(ufficio: string): Promise<ImpostazioniUfficio | null> {
    const [r] = await this.db.query(
      `SELECT ufficio, regione, dimensione_rosa_massima AS "dimensioneRosaMassima", patroni, aggiornato_da AS "aggiornatoDa", aggiornato_il AS "aggiornatoIl"
         FROM cm_impostazioni_ufficio WHERE ufficio = $1`, [ufficio]);
    return r ?? null;
  }

  async salvaImpostazioniUfficio(m: EntityManager, i: Omit<ImpostazioniUfficio, 'aggiornatoIl'>): Promise<{ prima: ImpostazioniUfficio | null; dopo: ImpostazioniUfficio }> {
    const [prima] = await m.query(
      `SELECT ufficio, regione, dimensione_rosa_massima AS "dimensioneRosaMassima", patroni FROM cm_impostazioni_ufficio WHERE ufficio = $1 FOR UPDATE`, [i.ufficio]);
    const [dopo] = await m.query(
      `INSERT INTO cm_impostazioni_ufficio (ufficio, regione, dimensione_rosa_massima, patroni, aggiornato_da, aggiornato_il) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (ufficio) DO UPDATE SET regione = EXCLUDED.regione, dimensione_rosa_massima = EXCLUDED.dimensione_rosa_massima, patroni = EXCLUDED.patroni,
         aggiornato_da = EXCLUDED.aggiornato_da, aggiornato_il = now()
       RETURNING ufficio, regione, dimensione_rosa_massima AS "dimensioneRosaMassima", patroni, aggiornato_da AS "aggiornatoDa", aggiornato_il AS "aggiornatoIl"`,
      [i.ufficio, i.regione, i.dimensioneRosaMassima, i.patroni, i.aggiornatoDa],
    );
    return { prima: prima ?? null, dopo };
  }

  async datore(id: string, m: EntityManager = this.db.manager, lock = false): Promise<DatoreRegistro | null> {
    const [r] = await m.query(
      `SELECT id, codice_fiscale AS "codiceFiscale", denominazione, dipendenti_computabili AS "dipendentiComputabili", copertura_art1 AS "coperturaArt1",
              copertura_art18 AS "coperturaArt18", ufficio FROM cm_datori WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r ?? null;
  }

  /**
   * People of one office's list whose registry id or codice fiscale is `cerca` or starts with it (the list holds no
   * names: a codice fiscale's first six letters are the surname's and the name's), at most 50, by id.
   */
  async cercaIscritti(ufficio: string, cerca: string): Promise<Array<Pick<IscrittoRegistro, 'id' | 'codiceFiscale' | 'ufficio' | 'territorio' | 'categoria' | 'dataIscrizione' | 'statoOccupazionale'> & { trasferitoA: string | null }>> {
    return this.db.query(
      `SELECT id, codice_fiscale AS "codiceFiscale", ufficio, territorio, categoria, to_char(data_iscrizione, 'YYYY-MM-DD') AS "dataIscrizione",
              stato_occupazionale AS "statoOccupazionale", trasferito_a AS "trasferitoA"
       FROM cm_iscritti WHERE ufficio = $1 AND (upper(id) LIKE $2 || '%' OR upper(codice_fiscale) LIKE $2 || '%') ORDER BY id LIMIT 50`,
      [ufficio, prefissoLike(cerca)],
    );
  }

  /**
   * Employers by codice fiscale (exact) or a part of their name, among those registered by `ufficio` or that asked it
   * for candidates (every one when `ufficio` is undefined), at most 50, by name.
   */
  async cercaDatori(cerca: string, ufficio?: string): Promise<Array<Pick<DatoreRegistro, 'id' | 'codiceFiscale' | 'denominazione' | 'ufficio'>>> {
    const params: unknown[] = [cerca.trim().toUpperCase(), `%${prefissoLike(cerca).replace(/\s+/g, '%')}%`];
    const dove = ufficio === undefined ? '' : `AND (d.ufficio = $${params.push(ufficio)} OR EXISTS (SELECT 1 FROM cm_offerte o WHERE o.datore_id = d.id AND o.ufficio = $${params.length}))`;
    return this.db.query(
      `SELECT d.id, d.codice_fiscale AS "codiceFiscale", d.denominazione, d.ufficio FROM cm_datori d
       WHERE (upper(d.codice_fiscale) = $1 OR upper(d.denominazione) LIKE $2) ${dove} ORDER BY d.denominazione, d.id LIMIT 50`,
      params,
    );
  }

  /** Whether the employer has asked the office for candidates (it then serves it, and sees its quota). */
  async datoreServitoDa(id: string, ufficio: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM cm_offerte WHERE datore_id = $1 AND ufficio = $2 LIMIT 1', [id, ufficio])).length > 0;
  }

  // ---- offers ---------------------------------------------------------------------------------------------------

  async creaOfferta(m: EntityManager, r: Pick<OffertaRow, 'id' | 'workflowId' | 'ufficio' | 'regione' | 'datoreId' | 'stato' | 'offerta' | 'statoProcedura' | 'creataDa'> & { slaScadenza?: string }): Promise<void> {
    await m.query(
      `INSERT INTO cm_offerte (id, workflow_id, ufficio, regione, datore_id, stato, offerta, stato_procedura, richiesta_il, sla_scadenza, creata_da, aggiornata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10, now())`,
      [r.id, r.workflowId, r.ufficio, r.regione, r.datoreId, r.stato, JSON.stringify(r.offerta), JSON.stringify(r.statoProcedura), r.slaScadenza ?? null, r.creataDa],
    );
  }

  async offerta(id: string, m: EntityManager = this.db.manager, lock = false): Promise<OffertaRow | null> {
    const [r] = await m.query(`${SELECT_OFFERTA} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ?? null;
  }

  /** Offers of the given offices (all when omitted), and only those of the employer with that codice fiscale when given. */
  /**
   * Newest first. Ordered and paged at millisecond precision, the cursor's (richiesta_il is written by now(), in
   * microseconds): a cursor rounded to the millisecond would skip the requests of that millisecond after it.
   */
  async offerte(filtro: { uffici?: string[]; datoreCodiceFiscale?: string; stato?: string; dopo?: { il: Date; id: string } }, limit = 200): Promise<OffertaRow[]> {
    return this.db.query(
      `${SELECT_OFFERTA} WHERE ($1::text[] IS NULL OR ufficio = ANY($1::text[]))
         AND ($2::text IS NULL OR datore_id IN (SELECT id FROM cm_datori WHERE codice_fiscale = upper($2)))
         AND ($3::text IS NULL OR stato = $3)
         AND ($4::timestamptz IS NULL OR (date_trunc('milliseconds', richiesta_il), id) < ($4::timestamptz, $5::uuid))
       ORDER BY date_trunc('milliseconds', richiesta_il) DESC, id DESC LIMIT ${Number(limit)}`,
      [filtro.uffici ?? null, filtro.datoreCodiceFiscale ?? null, filtro.stato ?? null, filtro.dopo?.il ?? null, filtro.dopo?.id ?? null],
    );
  }

  async salvaStato(m: EntityManager, id: string, s: { stato: string; statoProcedura: OffertaState; rosaIl?: Date; slaViolata?: boolean }): Promise<void> {
    await m.query(
      `UPDATE cm_offerte SET stato = $2, stato_procedura = $3, rosa_il = coalesce($4, rosa_il), sla_violata = sla_violata OR $5, aggiornata_il = now() WHERE id = $1`,
      [id, s.stato, JSON.stringify(s.statoProcedura), s.rosaIl ?? null, s.slaViolata ?? false],
    );
  }

  // ---- applications ---------------------------------------------------------------------------------------------

  async adesione(m: EntityManager, offertaId: string, iscrittoId: string): Promise<{ aderitoIl: Date; ritirataIl: Date | null } | null> {
    // (offerta, iscritto) is the key: the enrolment is always the offer's office's.
    const [r] = await m.query('SELECT aderito_il AS "aderitoIl", ritirata_il AS "ritirataIl" FROM cm_adesioni WHERE offerta_id = $1 AND iscritto_id = $2', [offertaId, iscrittoId]);
    return r ?? null;
  }

  /** Records an application (or re-applies after a withdrawal); false if an active one exists already. */
  async aderisci(m: EntityManager, offertaId: string, iscrittoId: string, by: string | null): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO cm_adesioni (offerta_id, iscritto_id, aderito_il, registrata_da, ufficio) VALUES ($1, $2, now(), $3, (SELECT ufficio FROM cm_offerte WHERE id = $1))
       ON CONFLICT (offerta_id, iscritto_id) DO UPDATE SET aderito_il = now(), registrata_da = $3, ritirata_il = NULL WHERE cm_adesioni.ritirata_il IS NOT NULL
       RETURNING iscritto_id`,
      [offertaId, iscrittoId, by],
    );
    return rows.length > 0;
  }

  async ritira(m: EntityManager, offertaId: string, iscrittoId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      'UPDATE cm_adesioni SET ritirata_il = now() WHERE offerta_id = $1 AND iscritto_id = $2 AND ritirata_il IS NULL RETURNING iscritto_id',
      [offertaId, iscrittoId],
    );
    return rows.length > 0;
  }

  async contaAdesioni(offertaId: string): Promise<{ attive: number; ritirate: number }> {
    const [r] = await this.db.query(
      `SELECT count(*) FILTER (WHERE ritirata_il IS NULL)::int AS attive, count(*) FILTER (WHERE ritirata_il IS NOT NULL)::int AS ritirate FROM cm_adesioni WHERE offerta_id = $1`,
      [offertaId],
    );
    return r;
  }

  // ---- graduatorie ----------------------------------------------------------------------------------------------

  async salvaGraduatoria(m: EntityManager, g: Omit<GraduatoriaRow, 'calcolataIl'>): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO cm_graduatorie (offerta_id, hash, versione_regole, data_riferimento, data_chiusura, input_offerta, input_candidati, risultato, calcolata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) ON CONFLICT (offerta_id) DO NOTHING RETURNING offerta_id`,
      [g.offertaId, g.hash, g.versioneRegole, g.dataRiferimento, g.dataChiusura, JSON.stringify(g.inputOfferta), JSON.stringify(g.inputCandidati), JSON.stringify(g.risultato)],
    );
    return rows.length > 0;
  }

  async graduatoria(offertaId: string, parti: { input?: boolean; risultato?: boolean } = {}): Promise<GraduatoriaRow | null> {
    const [r] = await this.db.query(
      `SELECT offerta_id AS "offertaId", hash, versione_regole AS "versioneRegole", to_char(data_riferimento, 'YYYY-MM-DD') AS "dataRiferimento",
              to_char(data_chiusura, 'YYYY-MM-DD') AS "dataChiusura", ${parti.input ? 'input_offerta' : 'NULL'} AS "inputOfferta",
              ${parti.input ? 'input_candidati' : 'NULL'} AS "inputCandidati", ${parti.risultato ? 'risultato' : 'NULL'} AS risultato, calcolata_il AS "calcolataIl"
       FROM cm_graduatorie WHERE offerta_id = $1`,
      [offertaId],
    );
    return r ?? null;
  }

  /** A hire: the person is employed now and the employer's coverage of the offer's list grows by one. */
  async registraAssunzione(m: EntityManager, datoreId: string, ufficio: string, iscrittoId: string, categoria: 'art1' | 'art18', by: string): Promise<void> {
    await m.query(`UPDATE cm_iscritti SET stato_occupazionale = 'occupato', aggiornato_da = $2, aggiornato_il = now() WHERE ufficio = $3 AND id = $1`, [iscrittoId, by, ufficio]);
    await m.query(
      `UPDATE cm_datori SET ${categoria === 'art1' ? 'copertura_art1 = copertura_art1 + 1' : 'copertura_art18 = copertura_art18 + 1'}, aggiornato_da = $2, aggiornato_il = now() WHERE id = $1`,
      [datoreId, by],
    );
  }

  /**
   * A recorded hire corrected away: the employer's covered places go back by one, and the person is unemployed again
   * if their record still says what that hire wrote (employed, last updated by whoever recorded the hire, still on
   * this office's list): a later hire elsewhere, an import or a transfer is not undone.
   */
  async annullaAssunzione(m: EntityManager, datoreId: string, ufficio: string, iscrittoId: string, categoria: 'art1' | 'art18', by: string, assuntoDa: string): Promise<void> {
    await m.query(
      `UPDATE cm_iscritti SET stato_occupazionale = 'disoccupato', aggiornato_da = $2, aggiornato_il = now()
        WHERE ufficio = $3 AND id = $1 AND stato_occupazionale = 'occupato' AND aggiornato_da = $4 AND trasferito_a IS NULL`,
      [iscrittoId, by, ufficio, assuntoDa],
    );
    await m.query(
      `UPDATE cm_datori SET ${categoria === 'art1' ? 'copertura_art1 = GREATEST(copertura_art1 - 1, 0)' : 'copertura_art18 = GREATEST(copertura_art18 - 1, 0)'}, aggiornato_da = $2, aggiornato_il = now() WHERE id = $1`,
      [datoreId, by],
    );
  }

  /**
   * Removes the refusal of this offer from the person's file (its outcome was corrected), on every office's record of
   * them: a transfer carries the file to the new office's list.
   */
  async rimuoviSegnalazione(m: EntityManager, iscrittoId: string, offertaId: string): Promise<void> {
    await m.query(
      `UPDATE cm_iscritti SET segnalazioni = COALESCE((SELECT jsonb_agg(x) FROM jsonb_array_elements(segnalazioni) x WHERE x->>'offertaId' IS DISTINCT FROM $2), '[]'::jsonb), aggiornato_il = now()
        WHERE id = $1 AND segnalazioni @> jsonb_build_array(jsonb_build_object('offertaId', $2::text))`,
      [iscrittoId, offertaId],
    );
  }

  async aggiungiSegnalazione(m: EntityManager, ufficio: string, iscrittoId: string, segnalazione: object): Promise<void> {
    await m.query(`UPDATE cm_iscritti SET segnalazioni = segnalazioni || $2::jsonb, aggiornato_il = now() WHERE ufficio = $3 AND id = $1`, [iscrittoId, JSON.stringify([segnalazione]), ufficio]);
  }

  /** Per offer: the active applicants and the ranked (eligible) ones, for the indicators. */
  async partecipanti(offertaIds: string[]): Promise<Map<string, { aderenti: string[]; idonei: string[] }>> {
    const out = new Map<string, { aderenti: string[]; idonei: string[] }>(offertaIds.map((id) => [id, { aderenti: [], idonei: [] }]));
    const ad: { id: string; ids: string[] }[] = await this.db.query(
      `SELECT offerta_id AS id, array_agg(iscritto_id) AS ids FROM cm_adesioni WHERE ritirata_il IS NULL AND offerta_id = ANY($1::uuid[]) GROUP BY offerta_id`,
      [offertaIds],
    );
    for (const r of ad) out.get(r.id)!.aderenti = r.ids;
    const gr: { id: string; ids: string[] }[] = await this.db.query(
      `SELECT offerta_id AS id, jsonb_path_query_array(risultato, '$.idonei[*].iscrittoId') AS ids FROM cm_graduatorie WHERE offerta_id = ANY($1::uuid[])`,
      [offertaIds],
    );
    for (const r of gr) out.get(r.id)!.idonei = r.ids;
    return out;
  }

  /** Sex and birth date of the people an office's offers' indicators count, by id. */
  async anagrafiche(ufficio: string, ids: string[]): Promise<Map<string, { sesso: 'M' | 'F'; dataNascita: string }>> {
    const rows: { id: string; sesso: 'M' | 'F'; dataNascita: string }[] = await this.db.query(
      `SELECT id, sesso, to_char(data_nascita, 'YYYY-MM-DD') AS "dataNascita" FROM cm_iscritti WHERE ufficio = $1 AND id = ANY($2::text[])`,
      [ufficio, ids],
    );
    return new Map(rows.map((r) => [r.id, { sesso: r.sesso, dataNascita: r.dataNascita }]));
  }
}
