import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Iscritto } from '../../../domain/src/collocamento/collocamento.types';

/** A user's text as a LIKE pattern that matches it literally (a % typed is a character, not "anything"), upper case. */
export const prefissoLike = (t: string): string =>
  t
    .trim()
    .toUpperCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`);

const ISCRITTO_COLS = `id, codice_fiscale AS "codiceFiscale", ufficio, territorio, categoria, percentuale_invalidita AS "percentualeInvalidita",
  to_char(data_iscrizione, 'YYYY-MM-DD') AS "dataIscrizione", stato_occupazionale AS "statoOccupazionale", isee_cent AS "iseeCent",
  familiari_a_carico AS "familiariACarico", competenze, mansioni_compatibili AS "mansioniCompatibili", mansioni_incompatibili AS "mansioniIncompatibili",
  note_compatibilita AS "noteCompatibilita", sesso, to_char(data_nascita, 'YYYY-MM-DD') AS "dataNascita"`;

/** A row of cm_iscritti back to the domain's Iscritto (nulls dropped, ISEE as a number). */
function iscritto(r: Record<string, unknown>): Iscritto {
  const out: Iscritto = {
    id: r.id as string,
    codiceFiscale: r.codiceFiscale as string,
    ufficio: r.ufficio as string,
    territorio: r.territorio as string,
    categoria: r.categoria as Iscritto['categoria'],
    dataIscrizione: r.dataIscrizione as string,
    statoOccupazionale: r.statoOccupazionale as Iscritto['statoOccupazionale'],
    familiariACarico: Number(r.familiariACarico),
    competenze: r.competenze as string[],
    compatibilita: {
      mansioniCompatibili: r.mansioniCompatibili as string[],
      mansioniIncompatibili: r.mansioniIncompatibili as string[],
      note: r.noteCompatibilita as string,
    },
    sesso: r.sesso as Iscritto['sesso'],
    dataNascita: r.dataNascita as string,
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

/**
 * The L. 68/99 lists, in plain SQL (bulk paths included): each office keeps its own, an enrolment is keyed by office
 * and id; a person's file (the refusals reported) travels with them.
 */
@Injectable()
export class IscrittiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: what the methods given its manager write commits together or not at all. */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

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
        [
          JSON.stringify(
            chunk
              .map((r) => ({
                id: r.id,
                cf: r.codiceFiscale,
                ufficio: r.ufficio,
                territorio: r.territorio,
                categoria: r.categoria,
                perc: r.percentualeInvalidita ?? null,
                iscr: r.dataIscrizione,
                stato: r.statoOccupazionale,
                isee: r.iseeCent ?? null,
                fam: r.familiariACarico,
                comp: r.competenze,
                mc: r.compatibilita.mansioniCompatibili,
                mi: r.compatibilita.mansioniIncompatibili,
                note: r.compatibilita.note,
                sesso: r.sesso,
                nascita: r.dataNascita,
              }))
              .map((o) => ({
                ...o,
                comp: `{${o.comp.map((c) => JSON.stringify(c)).join(',')}}`,
                mc: `{${o.mc.map((c) => JSON.stringify(c)).join(',')}}`,
                mi: `{${o.mi.map((c) => JSON.stringify(c)).join(',')}}`,
              })),
          ),
          by,
        ],
      );
    }
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
    return r
      ? {
          ...iscritto(r),
          relazioneDocumentoId: r.relazioneDocumentoId,
          relazioneSha256: r.relazioneSha256,
          segnalazioni: r.segnalazioni,
          trasferitoA: r.trasferitoA,
          trasferitoIl: r.trasferitoIl,
          trasferitoDa: r.trasferitoDa,
        }
      : null;
  }

  /** The applicants' data as it stands now, for the ranking. */
  async iscrittiAderenti(offertaId: string, m: EntityManager = this.db.manager): Promise<Iscritto[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${ISCRITTO_COLS} FROM cm_iscritti WHERE (ufficio, id) IN (SELECT ufficio, iscritto_id FROM cm_adesioni WHERE offerta_id = $1 AND ritirata_il IS NULL) ORDER BY id`,
      [offertaId],
    );
    return rows.map(iscritto);
  }

  /**
   * People of one office's list whose registry id or codice fiscale is `cerca` or starts with it (the list holds no
   * names: a codice fiscale's first six letters are the surname's and the name's), at most 50, by id.
   */
  async cercaIscritti(
    ufficio: string,
    cerca: string,
  ): Promise<
    Array<
      Pick<IscrittoRegistro, 'id' | 'codiceFiscale' | 'ufficio' | 'territorio' | 'categoria' | 'dataIscrizione' | 'statoOccupazionale'> & {
        trasferitoA: string | null;
      }
    >
  > {
    return this.db.query(
      `SELECT id, codice_fiscale AS "codiceFiscale", ufficio, territorio, categoria, to_char(data_iscrizione, 'YYYY-MM-DD') AS "dataIscrizione",
              stato_occupazionale AS "statoOccupazionale", trasferito_a AS "trasferitoA"
       FROM cm_iscritti WHERE ufficio = $1 AND (upper(id) LIKE $2 || '%' OR upper(codice_fiscale) LIKE $2 || '%') ORDER BY id LIMIT 50`,
      [ufficio, prefissoLike(cerca)],
    );
  }

  async allegaRelazione(ufficio: string, id: string, documentoId: string, sha256: string): Promise<void> {
    await this.db.query('UPDATE cm_iscritti SET relazione_documento_id = $3, relazione_sha256 = $4, aggiornato_il = now() WHERE ufficio = $1 AND id = $2', [
      ufficio,
      id,
      documentoId,
      sha256,
    ]);
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
    await m.query('UPDATE cm_iscritti SET trasferito_a = $3, trasferito_il = now(), aggiornato_da = $4, aggiornato_il = now() WHERE ufficio = $1 AND id = $2', [
      da,
      id,
      a,
      by,
    ]);
    return true;
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
    await m.query(`UPDATE cm_iscritti SET segnalazioni = segnalazioni || $2::jsonb, aggiornato_il = now() WHERE ufficio = $3 AND id = $1`, [
      iscrittoId,
      JSON.stringify([segnalazione]),
      ufficio,
    ]);
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
