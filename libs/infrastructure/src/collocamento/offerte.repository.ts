import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Iscritto, Offerta } from '../../../domain/src/collocamento/collocamento.types';
import type { Graduatoria } from '../../../domain/src/collocamento/graduatoria';
import type { OffertaState } from '../../../domain/src/collocamento/offerta.state';
import { type DopoIstante, type QuerySql, istanteEsatto } from '../persistence/keyset';

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

export const SELECT_OFFERTA = `SELECT id, workflow_id AS "workflowId", ufficio, regione, datore_id AS "datoreId", stato, offerta, stato_procedura AS "statoProcedura",
  richiesta_il AS "richiestaIl", rosa_il AS "rosaIl", to_char(sla_scadenza, 'YYYY-MM-DD') AS "slaScadenza", sla_violata AS "slaViolata",
  creata_da AS "creataDa", aggiornata_il AS "aggiornataIl" FROM cm_offerte`;

/**
 * The list's filters: the offices (every office's when absent), the employer by codice fiscale (an employer's user
 * always has it set), the state, and where the previous page ended.
 */
export interface FiltroOfferte {
  uffici?: string[];
  datoreCodiceFiscale?: string;
  stato?: string;
  dopo?: DopoIstante;
}

/** An offer as listed, with its place in the list: its request time to the microsecond (the cursor's key). */
export type OffertaElencata = OffertaRow & { istante: string };

/**
 * The list of offers, newest first by (richiesta_il, id), from where the previous page ended (keyset), by
 * ix_cm_offerte_ufficio_richiesta (or its stato or every-office sibling; migration ElenchiKeyset). Exported so the
 * e2e suite `elenchi` explains exactly this SQL.
 */
export const QUERY_OFFERTE = {
  pagina(f: FiltroOfferte, limit: number): QuerySql {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (n: number) => string, ...v: unknown[]) => where.push(sql(values.push(...v)));
    // One office as an equality, so its index yields the rows in the list's order.
    if (f.uffici?.length === 1) add((n) => `ufficio = $${n}`, f.uffici[0]);
    else if (f.uffici) add((n) => `ufficio = ANY($${n}::text[])`, f.uffici);
    if (f.datoreCodiceFiscale !== undefined) add((n) => `datore_id IN (SELECT id FROM cm_datori WHERE codice_fiscale = upper($${n}))`, f.datoreCodiceFiscale);
    if (f.stato) add((n) => `stato = $${n}`, f.stato);
    if (f.dopo) add((n) => `(richiesta_il, id) < ($${n - 1}::timestamptz, $${n}::uuid)`, f.dopo.il, f.dopo.id);
    return {
      text: `${SELECT_OFFERTA.replace('SELECT ', `SELECT ${istanteEsatto('richiesta_il')} AS istante, `)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY richiesta_il DESC, id DESC LIMIT ${Number(limit)}`,
      values,
    };
  },
};

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
 * The employers' requests (offers) with their applications, graduatorie and outcomes, and the offices' settings for
 * them, in plain SQL. An application names the office of the enrolment it refers to (the offer's).
 */
@Injectable()
export class OfferteRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: what the methods given its manager write commits together or not at all. */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** The office's collocamento settings, or null when it has set none (the deployment's defaults apply). */
  async impostazioniUfficio(ufficio: string): Promise<ImpostazioniUfficio | null> {
    const [r] = await this.db.query(
      `SELECT ufficio, regione, dimensione_rosa_massima AS "dimensioneRosaMassima", patroni, aggiornato_da AS "aggiornatoDa", aggiornato_il AS "aggiornatoIl"
         FROM cm_impostazioni_ufficio WHERE ufficio = $1`,
      [ufficio],
    );
    return r ?? null;
  }

  async salvaImpostazioniUfficio(
    m: EntityManager,
    i: Omit<ImpostazioniUfficio, 'aggiornatoIl'>,
  ): Promise<{ prima: ImpostazioniUfficio | null; dopo: ImpostazioniUfficio }> {
    const [prima] = await m.query(
      `SELECT ufficio, regione, dimensione_rosa_massima AS "dimensioneRosaMassima", patroni FROM cm_impostazioni_ufficio WHERE ufficio = $1 FOR UPDATE`,
      [i.ufficio],
    );
    const [dopo] = await m.query(
      `INSERT INTO cm_impostazioni_ufficio (ufficio, regione, dimensione_rosa_massima, patroni, aggiornato_da, aggiornato_il) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (ufficio) DO UPDATE SET regione = EXCLUDED.regione, dimensione_rosa_massima = EXCLUDED.dimensione_rosa_massima, patroni = EXCLUDED.patroni,
         aggiornato_da = EXCLUDED.aggiornato_da, aggiornato_il = now()
       RETURNING ufficio, regione, dimensione_rosa_massima AS "dimensioneRosaMassima", patroni, aggiornato_da AS "aggiornatoDa", aggiornato_il AS "aggiornatoIl"`,
      [i.ufficio, i.regione, i.dimensioneRosaMassima, i.patroni, i.aggiornatoDa],
    );
    return { prima: prima ?? null, dopo };
  }

  // ---- offers ---------------------------------------------------------------------------------------------------

  async creaOfferta(
    m: EntityManager,
    r: Pick<OffertaRow, 'id' | 'workflowId' | 'ufficio' | 'regione' | 'datoreId' | 'stato' | 'offerta' | 'statoProcedura' | 'creataDa'> & {
      slaScadenza?: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO cm_offerte (id, workflow_id, ufficio, regione, datore_id, stato, offerta, stato_procedura, richiesta_il, sla_scadenza, creata_da, aggiornata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10, now())`,
      [
        r.id,
        r.workflowId,
        r.ufficio,
        r.regione,
        r.datoreId,
        r.stato,
        JSON.stringify(r.offerta),
        JSON.stringify(r.statoProcedura),
        r.slaScadenza ?? null,
        r.creataDa,
      ],
    );
  }

  async offerta(id: string, m: EntityManager = this.db.manager, lock = false): Promise<OffertaRow | null> {
    const [r] = await m.query(`${SELECT_OFFERTA} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ?? null;
  }

  /**
   * The offer's procedure state, its row locked FOR SHARE until the transaction ends: applications and withdrawals
   * take it, so the close, which locks the row for update, and they wait for each other.
   */
  async statoCondiviso(m: EntityManager, id: string): Promise<OffertaState> {
    const [lock] = await m.query('SELECT stato_procedura FROM cm_offerte WHERE id = $1 FOR SHARE', [id]);
    return lock.stato_procedura;
  }

  /** Offers of the given offices (all when omitted), newest first (see QUERY_OFFERTE). */
  async offerte(filtro: FiltroOfferte, limit = 200): Promise<OffertaElencata[]> {
    const q = QUERY_OFFERTE.pagina(filtro, limit);
    return this.db.query(q.text, q.values);
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
    const [r] = await m.query('SELECT aderito_il AS "aderitoIl", ritirata_il AS "ritirataIl" FROM cm_adesioni WHERE offerta_id = $1 AND iscritto_id = $2', [
      offertaId,
      iscrittoId,
    ]);
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

  /** An offer's applications with the person's registry data an operator needs (no health or economic data). */
  async elencoAdesioni(offertaId: string, limit: number, offset: number) {
    const [{ totale, attive }] = await this.db.query(
      'SELECT count(*)::int AS totale, count(*) FILTER (WHERE ritirata_il IS NULL)::int AS attive FROM cm_adesioni WHERE offerta_id = $1',
      [offertaId],
    );
    const elementi = await this.db.query(
      `SELECT a.iscritto_id AS "iscrittoId", i.codice_fiscale AS "codiceFiscale", i.categoria, i.territorio, i.stato_occupazionale AS "statoOccupazionale",
              a.aderito_il AS "aderitoIl", a.registrata_da AS "registrataDa", a.ritirata_il AS "ritirataIl"
         FROM cm_adesioni a LEFT JOIN cm_iscritti i ON i.ufficio = a.ufficio AND i.id = a.iscritto_id
        WHERE a.offerta_id = $1 ORDER BY a.aderito_il, a.iscritto_id LIMIT $2 OFFSET $3`,
      [offertaId, limit, offset],
    );
    return { totale, attive, elementi };
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

  // ---- graduatorie ----------------------------------------------------------------------------------------------

  async salvaGraduatoria(m: EntityManager, g: Omit<GraduatoriaRow, 'calcolataIl'>): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO cm_graduatorie (offerta_id, hash, versione_regole, data_riferimento, data_chiusura, input_offerta, input_candidati, risultato, calcolata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) ON CONFLICT (offerta_id) DO NOTHING RETURNING offerta_id`,
      [
        g.offertaId,
        g.hash,
        g.versioneRegole,
        g.dataRiferimento,
        g.dataChiusura,
        JSON.stringify(g.inputOfferta),
        JSON.stringify(g.inputCandidati),
        JSON.stringify(g.risultato),
      ],
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

  // ---- outcomes -------------------------------------------------------------------------------------------------

  /** A hire: the person is employed now and the employer's coverage of the offer's list grows by one. */
  async registraAssunzione(m: EntityManager, datoreId: string, ufficio: string, iscrittoId: string, categoria: 'art1' | 'art18', by: string): Promise<void> {
    await m.query(`UPDATE cm_iscritti SET stato_occupazionale = 'occupato', aggiornato_da = $2, aggiornato_il = now() WHERE ufficio = $3 AND id = $1`, [
      iscrittoId,
      by,
      ufficio,
    ]);
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
  async annullaAssunzione(
    m: EntityManager,
    datoreId: string,
    ufficio: string,
    iscrittoId: string,
    categoria: 'art1' | 'art18',
    by: string,
    assuntoDa: string,
  ): Promise<void> {
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
}
