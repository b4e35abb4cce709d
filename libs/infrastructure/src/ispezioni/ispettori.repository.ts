import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { dataItaliana } from '../../../domain/src/calendar/ora-italiana';
import type { ImpostazioniIspettorato } from '../../../domain/src/ispezioni/politica';
import type { AssegnazionePrecedente, ConflittoInteresse, Ispettore } from '../../../domain/src/ispezioni/ispezioni.types';
import { aggiornate, iso } from './ispezioni.righe';

/** An inspectorate's own settings over the defaults (validated with `politicaIspettorato`). */
export type PoliticaIspettorato = ImpostazioniIspettorato;

/** Statuses in which a request counts towards its inspector's open caseload. */
export const STATI_APERTI = ['assegnata', 'accettata', 'in-corso', 'diffida', 'accertamenti-conclusi'];

export interface AssenzaRow {
  id: string;
  ispettoreId: string;
  dal: string;
  al: string;
  motivo: string;
  inseritaDa: string;
  inseritaIl: string;
  /** 'in-vigore' counts in draws; 'da-confermare' while someone else's entry awaits a second dirigente; 'respinta'. */
  stato: 'in-vigore' | 'da-confermare' | 'respinta';
  confermataDa: string | null;
  confermataIl: string | null;
}

export interface ConflittoRow {
  id: string;
  ispettoreId: string;
  aziendaId: string;
  motivo: string;
  dal: string;
  al: string | null;
  dichiaratoDa: string;
  dichiaratoRuolo: string | null;
  fonte: string | null;
  /** 'in-vigore'; 'da-confermare' while a dirigente's declaration for someone else awaits a second dirigente; 'respinta'. */
  stato: 'in-vigore' | 'da-confermare' | 'respinta';
  confermatoDa: string | null;
  confermatoIl: string | null;
  dichiaratoIl: string;
  revocatoIl: string | null;
  revocatoDa: string | null;
  motivoRevoca: string | null;
}

const assenza = (r: Record<string, unknown>): AssenzaRow => ({
  id: r.id as string,
  ispettoreId: r.ispettore_id as string,
  dal: iso(r.dal as Date)!,
  al: iso(r.al as Date)!,
  motivo: r.motivo as string,
  inseritaDa: r.inserita_da as string,
  inseritaIl: (r.inserita_il as Date).toISOString(),
  stato: r.stato as AssenzaRow['stato'],
  confermataDa: (r.confermata_da as string | null) ?? null,
  confermataIl: (r.confermata_il as Date | null)?.toISOString() ?? null,
});

const conflitto = (r: Record<string, unknown>): ConflittoRow => ({
  id: r.id as string,
  ispettoreId: r.ispettore_id as string,
  aziendaId: r.azienda_id as string,
  motivo: r.motivo as string,
  dal: iso(r.dal as Date)!,
  al: iso(r.al as Date | null) ?? null,
  dichiaratoDa: r.dichiarato_da as string,
  dichiaratoRuolo: (r.dichiarato_ruolo as string | null) ?? null,
  fonte: (r.fonte as string | null) ?? null,
  stato: r.stato as ConflittoRow['stato'],
  confermatoDa: (r.confermato_da as string | null) ?? null,
  confermatoIl: (r.confermato_il as Date | null)?.toISOString() ?? null,
  dichiaratoIl: (r.dichiarato_il as Date).toISOString(),
  revocatoIl: (r.revocato_il as Date | null)?.toISOString() ?? null,
  revocatoDa: (r.revocato_da as string | null) ?? null,
  motivoRevoca: (r.motivo_revoca as string | null) ?? null,
});

/**
 * The inspectorates' registry: inspectorates, inspectors and their absences, companies, conflicts of interest, and
 * the past assignments to a company that rotation looks at. What a draw reads to know who may be assigned.
 */
@Injectable()
export class IspettoriRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: the methods that take an EntityManager join it (with the audit trail and notices). */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  // ---- registry ----

  async creaIspettorato(codice: string, nome: string, territori: string[], politica: PoliticaIspettorato = {}): Promise<void> {
    await this.db.query('INSERT INTO ispettorati (codice, nome, territori, politica) VALUES ($1, $2, $3, $4)', [
      codice,
      nome,
      territori,
      JSON.stringify(politica),
    ]);
  }

  async ispettorato(
    codice: string,
    m: EntityManager = this.db.manager,
  ): Promise<{ codice: string; nome: string; territori: string[]; politica: PoliticaIspettorato } | null> {
    const [r] = await m.query('SELECT codice, nome, territori, politica FROM ispettorati WHERE codice = $1', [codice]);
    return r ?? null;
  }

  async codiciIspettorati(): Promise<string[]> {
    return ((await this.db.query('SELECT codice FROM ispettorati ORDER BY codice')) as { codice: string }[]).map((r) => r.codice);
  }

  /** An inspector's id is their login (the token's sub): the assigned inspector is recognised by it. */
  async creaIspettore(i: { id: string; ispettorato: string; nome: string; territori: string[]; qualifiche: string[] }): Promise<string> {
    await this.db.query('INSERT INTO ispettori (id, ispettorato, nome, territori, qualifiche, creato_il) VALUES ($1, $2, $3, $4, $5, now())', [
      i.id,
      i.ispettorato,
      i.nome,
      i.territori,
      i.qualifiche,
    ]);
    return i.id;
  }

  /** An absence: in force at once when the inspector enters it for themselves, else once a second dirigente confirms it. */
  async aggiungiAssenza(
    m: EntityManager,
    ispettoreId: string,
    a: { dal: string; al: string; motivo: string },
    da: string,
    inVigore: boolean,
  ): Promise<AssenzaRow> {
    const [r] = await m.query(
      `INSERT INTO ispettori_assenze (id, ispettore_id, dal, al, motivo, inserita_da, inserita_il, stato) VALUES ($1, $2, $3, $4, $5, $6, now(), $7) RETURNING *`,
      [randomUUID(), ispettoreId, a.dal, a.al, a.motivo, da, inVigore ? 'in-vigore' : 'da-confermare'],
    );
    return assenza(r);
  }

  async assenza(id: string, m: EntityManager = this.db.manager, lock = false): Promise<AssenzaRow | null> {
    const [r] = await m.query(`SELECT * FROM ispettori_assenze WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ? assenza(r) : null;
  }

  /** The inspectorate's absences, newest first, optionally only those in one state (e.g. 'da-confermare'). */
  async assenzeDi(ispettorato: string, stato?: string): Promise<AssenzaRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT a.* FROM ispettori_assenze a JOIN ispettori i ON i.id = a.ispettore_id WHERE i.ispettorato = $1 AND ($2::text IS NULL OR a.stato = $2)
        ORDER BY a.inserita_il DESC, a.id LIMIT 1000`,
      [ispettorato, stato ?? null],
    );
    return rows.map(assenza);
  }

  /** A second dirigente's decision on an absence someone entered for another inspector; null if it was already decided. */
  async decidiAssenza(m: EntityManager, id: string, da: string, esito: 'in-vigore' | 'respinta'): Promise<AssenzaRow | null> {
    const [r] = aggiornate(
      await m.query(
        `UPDATE ispettori_assenze SET stato = $3, confermata_da = $2, confermata_il = now() WHERE id = $1 AND stato = 'da-confermare' RETURNING *`,
        [id, da, esito],
      ),
    );
    return r ? assenza(r) : null;
  }

  /** Active inspectors of an inspectorate with their absences in force and current open caseload. */
  async ispettori(ispettorato: string, m: EntityManager = this.db.manager): Promise<Ispettore[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT i.id, i.nome, i.ispettorato, i.territori, i.qualifiche,
              (SELECT count(*) FROM richieste_intervento r WHERE r.ispettore_id = i.id AND r.stato = ANY($2)) AS carico,
              COALESCE((SELECT json_agg(json_build_object('id', a.id, 'dal', a.dal, 'al', a.al, 'motivo', a.motivo, 'inseritaDa', a.inserita_da,
                                                          'confermataDa', a.confermata_da) ORDER BY a.dal)
                        FROM ispettori_assenze a WHERE a.ispettore_id = i.id AND a.stato = 'in-vigore'), '[]') AS assenze
       FROM ispettori i WHERE i.ispettorato = $1 AND i.attivo ORDER BY i.id`,
      [ispettorato, STATI_APERTI],
    );
    return rows.map((r) => ({
      id: r.id as string,
      nome: r.nome as string,
      ispettorato: r.ispettorato as string,
      territori: r.territori as string[],
      qualifiche: r.qualifiche as string[],
      assenze: r.assenze as Ispettore['assenze'],
      caricoAperto: Number(r.carico),
    }));
  }

  async ispettore(id: string, m: EntityManager = this.db.manager): Promise<{ id: string; ispettorato: string; nome: string; attivo: boolean } | null> {
    const [r] = await m.query('SELECT id, ispettorato, nome, attivo FROM ispettori WHERE id = $1', [id]);
    return r ?? null;
  }

  async creaAzienda(a: { codiceFiscale: string; ragioneSociale: string; territorio: string }): Promise<string> {
    const id = randomUUID();
    await this.db.query('INSERT INTO aziende (id, codice_fiscale, ragione_sociale, territorio) VALUES ($1, $2, $3, $4)', [
      id,
      a.codiceFiscale,
      a.ragioneSociale,
      a.territorio,
    ]);
    return id;
  }

  /** Of the given companies, those registered. */
  async aziendeRegistrate(ids: string[]): Promise<Set<string>> {
    const known: { id: string }[] = await this.db.query('SELECT id FROM aziende WHERE id = ANY($1)', [ids]);
    return new Set(known.map((k) => k.id));
  }

  async azienda(id: string): Promise<{ id: string; codiceFiscale: string; ragioneSociale: string; territorio: string } | null> {
    const [r] = await this.db.query(
      'SELECT id, codice_fiscale AS "codiceFiscale", ragione_sociale AS "ragioneSociale", territorio FROM aziende WHERE id = $1',
      [id],
    );
    return r ?? null;
  }

  /** A declaration of conflict of interest: by the inspector concerned, or by a dirigente stating its source. */
  async creaConflitto(
    c: Omit<ConflittoInteresse, 'id' | 'dichiaratoIl' | 'confermatoDa'> & { dichiaratoDa: string; ruolo: string; fonte: string | null; inVigore: boolean },
    m: EntityManager = this.db.manager,
  ): Promise<ConflittoRow> {
    const [r] = await m.query(
      `INSERT INTO conflitti_interesse (id, ispettore_id, azienda_id, motivo, dal, al, dichiarato_da, dichiarato_ruolo, fonte, stato, dichiarato_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) RETURNING *`,
      [randomUUID(), c.ispettoreId, c.aziendaId, c.motivo, c.dal, c.al ?? null, c.dichiaratoDa, c.ruolo, c.fonte, c.inVigore ? 'in-vigore' : 'da-confermare'],
    );
    return conflitto(r);
  }

  async conflitto(id: string, m: EntityManager = this.db.manager, lock = false): Promise<ConflittoRow | null> {
    const [r] = await m.query(`SELECT * FROM conflitti_interesse WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ? conflitto(r) : null;
  }

  /** Declarations of an inspectorate's inspectors, newest first, optionally of one inspector or one company. */
  async elencoConflitti(ispettorato: string, filtro: { ispettoreId?: string; aziendaId?: string }): Promise<ConflittoRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT c.* FROM conflitti_interesse c JOIN ispettori i ON i.id = c.ispettore_id
        WHERE i.ispettorato = $1 AND ($2::text IS NULL OR c.ispettore_id = $2) AND ($3::uuid IS NULL OR c.azienda_id = $3)
        ORDER BY c.dichiarato_il DESC, c.id LIMIT 1000`,
      [ispettorato, filtro.ispettoreId ?? null, filtro.aziendaId ?? null],
    );
    return rows.map(conflitto);
  }

  async revocaConflitto(m: EntityManager, id: string, da: string, motivo: string): Promise<ConflittoRow | null> {
    const [r] = aggiornate(
      await m.query(
        'UPDATE conflitti_interesse SET revocato_il = now(), revocato_da = $2, motivo_revoca = $3 WHERE id = $1 AND revocato_il IS NULL RETURNING *',
        [id, da, motivo],
      ),
    );
    return r ? conflitto(r) : null;
  }

  /** A second dirigente's decision on a declaration a dirigente made for an inspector; null if it was already decided. */
  async decidiConflitto(m: EntityManager, id: string, da: string, esito: 'in-vigore' | 'respinta'): Promise<ConflittoRow | null> {
    const [r] = aggiornate(
      await m.query(
        `UPDATE conflitti_interesse SET stato = $3, confermato_da = $2, confermato_il = now() WHERE id = $1 AND stato = 'da-confermare' AND revocato_il IS NULL RETURNING *`,
        [id, da, esito],
      ),
    );
    return r ? conflitto(r) : null;
  }

  /** The declarations in force (confirmed where needed, not revoked) for a company, with their ids and declarers for the transcript. */
  async conflitti(aziendaId: string, m: EntityManager = this.db.manager): Promise<ConflittoInteresse[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT * FROM conflitti_interesse WHERE azienda_id = $1 AND stato = 'in-vigore' AND revocato_il IS NULL`,
      [aziendaId],
    );
    return rows.map((r) => {
      const c = conflitto(r);
      return {
        id: c.id,
        ispettoreId: c.ispettoreId,
        aziendaId: c.aziendaId,
        motivo: c.motivo,
        dal: c.dal,
        al: c.al ?? undefined,
        dichiaratoDa: c.dichiaratoDa,
        dichiaratoIl: c.dichiaratoIl,
        confermatoDa: c.confermatoDa,
      };
    });
  }

  /**
   * Past assignments to the company that the rotation rule looks at: every recorded assignment (drawn or manual) the
   * inspector went on with (not one they abstained from), dated in Italy; with `contaChiuse` false, only those whose
   * inspection is still open. Manual reassignments approved before manual transcripts existed are read from their table.
   */
  async precedenti(aziendaId: string, escludiRichiesta: string, contaChiuse: boolean, m: EntityManager = this.db.manager): Promise<AssegnazionePrecedente[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT s.ispettore_id, r.azienda_id, s.registrato_il AS il FROM sorteggi s JOIN richieste_intervento r ON r.id = s.richiesta_id
        WHERE r.azienda_id = $1 AND r.id <> $2 AND r.ispettore_id = s.ispettore_id AND ($3 OR r.stato <> 'chiusa')
       UNION ALL
       SELECT x.ispettore_id, r.azienda_id, x.decisa_il AS il FROM riassegnazioni_manuali x JOIN richieste_intervento r ON r.id = x.richiesta_id
        WHERE r.azienda_id = $1 AND r.id <> $2 AND x.stato = 'approvata' AND x.sorteggio_id IS NULL AND ($3 OR r.stato <> 'chiusa')`,
      [aziendaId, escludiRichiesta, contaChiuse],
    );
    return rows.map((r) => ({ ispettoreId: r.ispettore_id as string, aziendaId: r.azienda_id as string, data: dataItaliana(r.il as Date) }));
  }
}
