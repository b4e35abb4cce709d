import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { LimitiPeriodo } from '../../../domain/src/ispezioni/periodi';
import { TrascrizioneAssegnazione, isManuale } from '../../../domain/src/ispezioni/ispezioni.types';
import { hashTrascrizione, impegno } from '../../../domain/src/ispezioni/sorteggio';
import { aggiornate } from './ispezioni.righe';

const CHAIN_LOCK = 727_002;
const GENESIS = '0'.repeat(64);

export interface PeriodoRow {
  ispettorato: string;
  periodo: string;
  inizio: Date;
  fine: Date;
  impegno: string;
  segreto: string | null;
  pubblicatoIl: Date;
  rivelatoIl: Date | null;
  /** Who created it: 'sistema' (the schedule) or the dirigente who did by hand. */
  creatoDa: string;
  /** The head of the inspectorate's chain published at the reveal: transcripts then in the chain, the last one's hash. */
  testaCatena: { n: number; hash: string } | null;
}

export interface SorteggioRow {
  id: string;
  seq: number;
  /** The chain it belongs to (its inspectorate) and its position there, from 1. */
  catena: string;
  n: number;
  tipo: 'sorteggio' | 'manuale';
  richiestaId: string;
  tentativo: number;
  ispettorato: string;
  periodo: string | null;
  ispettoreId: string;
  trascrizione: TrascrizioneAssegnazione;
  prevHash: string;
  hash: string;
  registratoIl: Date;
}

const sorteggio = (r: Record<string, unknown>): SorteggioRow => ({
  id: r.id as string,
  seq: Number(r.seq),
  catena: r.catena as string,
  n: Number(r.n),
  tipo: r.tipo as SorteggioRow['tipo'],
  richiestaId: r.richiesta_id as string,
  tentativo: Number(r.tentativo),
  ispettorato: r.ispettorato as string,
  periodo: r.periodo as string | null,
  ispettoreId: r.ispettore_id as string,
  trascrizione: r.trascrizione as TrascrizioneAssegnazione,
  prevHash: r.prev_hash as string,
  hash: r.hash as string,
  registratoIl: r.registrato_il as Date,
});

const periodo = (r: Record<string, unknown>, withSecret: boolean): PeriodoRow => ({
  ispettorato: r.ispettorato as string,
  periodo: r.periodo as string,
  inizio: r.inizio as Date,
  fine: r.fine as Date,
  impegno: r.impegno as string,
  segreto: withSecret || r.rivelato_il ? (r.segreto as string) : null,
  pubblicatoIl: r.pubblicato_il as Date,
  rivelatoIl: (r.rivelato_il as Date | null) ?? null,
  creatoDa: r.creato_da as string,
  testaCatena: r.testa_n === null || r.testa_n === undefined ? null : { n: Number(r.testa_n), hash: r.testa_hash as string },
});

/** The draws' commit-reveal periods and each inspectorate's hash chain of assignment transcripts. */
@Injectable()
export class SorteggiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: the methods that take an EntityManager join it (with the audit trail and notices). */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  // ---- commit-reveal periods ----

  /**
   * Takes the inspectorate's row lock: periods are created one writer at a time per inspectorate. NO KEY UPDATE, so
   * requests registered meanwhile (whose foreign key share-locks the row) are not held up.
   */
  async bloccaIspettorato(m: EntityManager, codice: string): Promise<boolean> {
    return (await m.query('SELECT 1 FROM ispettorati WHERE codice = $1 FOR NO KEY UPDATE', [codice])).length > 0;
  }

  /** A new period: 32 random bytes as its secret, whose SHA-256 (the commitment) is published now, before it begins. */
  async creaPeriodo(m: EntityManager, ispettorato: string, p: LimitiPeriodo, creatoDa: string, pubblicatoIl: Date): Promise<PeriodoRow> {
    const segreto = randomBytes(32).toString('hex');
    try {
      const [r] = await m.query(
        `INSERT INTO periodi_sorteggio (ispettorato, periodo, inizio, fine, impegno, segreto, pubblicato_il, creato_da) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [ispettorato, p.periodo, new Date(p.inizio), new Date(p.fine), impegno(segreto), segreto, pubblicatoIl, creatoDa],
      );
      return periodo(r, false);
    } catch (e) {
      // The driver's error carries the statement's parameters, the secret among them: never let it reach a log.
      const x = e as { code?: string; constraint?: string };
      throw new Error(`periodo ${ispettorato}:${p.periodo} non creato (PostgreSQL ${x.code ?? '?'}${x.constraint ? `, ${x.constraint}` : ''})`);
    }
  }

  /** The period; its secret only once revealed (withSecret: for the draw itself, never for an API answer). */
  async periodo(ispettorato: string, label: string, withSecret = false, m: EntityManager = this.db.manager): Promise<PeriodoRow | null> {
    const [r] = await m.query('SELECT * FROM periodi_sorteggio WHERE ispettorato = $1 AND periodo = $2', [ispettorato, label]);
    return r ? periodo(r, withSecret) : null;
  }

  async periodi(ispettorato: string, m: EntityManager = this.db.manager): Promise<PeriodoRow[]> {
    const rows: Record<string, unknown>[] = await m.query('SELECT * FROM periodi_sorteggio WHERE ispettorato = $1 ORDER BY inizio', [ispettorato]);
    return rows.map((r) => periodo(r, false));
  }

  /**
   * The period a draw made at `at` uses, with its secret: it contains `at`, its commitment was published before it
   * began, and its secret is unrevealed. The row is share-locked until the draw commits, so a reveal waits for the
   * draws still using the period and no draw can use it once revealed.
   */
  async periodoInVigore(m: EntityManager, ispettorato: string, at: Date): Promise<PeriodoRow | null> {
    const [r] = await m.query(
      `SELECT * FROM periodi_sorteggio WHERE ispettorato = $1 AND inizio <= $2 AND $2 < fine AND pubblicato_il < inizio AND rivelato_il IS NULL FOR SHARE`,
      [ispettorato, at],
    );
    return r ? periodo(r, true) : null;
  }

  /** The next period to begin after `at`, if its commitment is already published. */
  async prossimoPeriodo(m: EntityManager, ispettorato: string, at: Date): Promise<PeriodoRow | null> {
    const [r] = await m.query('SELECT * FROM periodi_sorteggio WHERE ispettorato = $1 AND inizio > $2 ORDER BY inizio LIMIT 1', [ispettorato, at]);
    return r ? periodo(r, false) : null;
  }

  /**
   * Reveals a period whose end has passed, and publishes with it the head of the inspectorate's chain at that moment.
   * Waits for draws still using the period (their share lock); returns null when the period is unknown, not ended
   * or already revealed.
   */
  async rivela(m: EntityManager, ispettorato: string, label: string, now: Date): Promise<PeriodoRow | null> {
    const [r] = aggiornate(
      await m.query(
        'UPDATE periodi_sorteggio SET rivelato_il = $3 WHERE ispettorato = $1 AND periodo = $2 AND fine <= $3 AND rivelato_il IS NULL RETURNING periodo',
        [ispettorato, label, now],
      ),
    );
    if (!r) return null;
    await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHAIN_LOCK, ispettorato]);
    const [testa] = await m.query('SELECT n, hash FROM sorteggi WHERE catena = $1 ORDER BY n DESC LIMIT 1', [ispettorato]);
    const [out] = aggiornate(
      await m.query('UPDATE periodi_sorteggio SET testa_n = $3, testa_hash = $4 WHERE ispettorato = $1 AND periodo = $2 RETURNING *', [
        ispettorato,
        label,
        testa ? Number(testa.n) : 0,
        testa?.hash ?? GENESIS,
      ]),
    );
    return periodo(out, true);
  }

  /** Periods whose end has passed and whose secret is still unrevealed. */
  async periodiDaRivelare(ispettorato: string, now: Date): Promise<string[]> {
    const rows: { periodo: string }[] = await this.db.query(
      'SELECT periodo FROM periodi_sorteggio WHERE ispettorato = $1 AND fine <= $2 AND rivelato_il IS NULL ORDER BY inizio',
      [ispettorato, now],
    );
    return rows.map((r) => r.periodo);
  }

  // ---- the chain of assignments ----

  async sorteggioDi(richiestaId: string, tentativo: number, m: EntityManager = this.db.manager): Promise<SorteggioRow | null> {
    const [r] = await m.query('SELECT * FROM sorteggi WHERE richiesta_id = $1 AND tentativo = $2', [richiestaId, tentativo]);
    return r ? sorteggio(r) : null;
  }

  async sorteggioById(id: string): Promise<SorteggioRow | null> {
    const [r] = await this.db.query('SELECT * FROM sorteggi WHERE id = $1', [id]);
    return r ? sorteggio(r) : null;
  }

  /** A request's assignments in attempt order (after attempt `dopoTentativo` when given), by uq_sorteggi_tentativo. */
  async assegnazioniDellaRichiesta(richiestaId: string, dopoTentativo = 0): Promise<SorteggioRow[]> {
    return (await this.db.query('SELECT * FROM sorteggi WHERE richiesta_id = $1 AND tentativo > $2 ORDER BY tentativo', [richiestaId, dopoTentativo])).map(
      sorteggio,
    );
  }

  /** The draws (not manual assignments) of a period, or of a time window, in chain order. */
  async sorteggiDi(ispettorato: string, filtro: { periodo?: string; dal?: Date; al?: Date }): Promise<SorteggioRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM sorteggi WHERE ispettorato = $1 AND tipo = 'sorteggio'
          AND ($2::text IS NULL OR periodo = $2) AND ($3::timestamptz IS NULL OR registrato_il >= $3) AND ($4::timestamptz IS NULL OR registrato_il < $4)
        ORDER BY catena, n`,
      [ispettorato, filtro.periodo ?? null, filtro.dal ?? null, filtro.al ?? null],
    );
    return rows.map(sorteggio);
  }

  /** One chain in order: an inspectorate's (its code), or '(globale)', the chain of transcripts recorded before chains per inspectorate. */
  async catena(nome: string): Promise<SorteggioRow[]> {
    return (await this.db.query('SELECT * FROM sorteggi WHERE catena = $1 ORDER BY n', [nome])).map(sorteggio);
  }

  /**
   * Appends a transcript (a draw's or a manual assignment's) to its inspectorate's chain inside `m`'s transaction, one
   * writer at a time per chain; unique per (request, attempt) and per chain position.
   */
  async registraTrascrizione(m: EntityManager, t: TrascrizioneAssegnazione): Promise<SorteggioRow> {
    await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHAIN_LOCK, t.ispettorato]);
    const [last] = await m.query('SELECT n, hash FROM sorteggi WHERE catena = $1 ORDER BY n DESC LIMIT 1', [t.ispettorato]);
    const prevHash: string = last?.hash ?? GENESIS;
    const hash = hashTrascrizione(prevHash, t);
    const manuale = isManuale(t);
    const [r] = await m.query(
      `INSERT INTO sorteggi (id, richiesta_id, tentativo, ispettorato, periodo, ispettore_id, trascrizione, prev_hash, hash, registrato_il, tipo, catena, n)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $4, $12) RETURNING *`,
      [
        randomUUID(),
        t.richiestaId,
        t.tentativo,
        t.ispettorato,
        t.periodo,
        manuale ? t.ispettoreId : t.estrazione.scelto,
        JSON.stringify(t),
        prevHash,
        hash,
        t.registratoIl,
        manuale ? 'manuale' : 'sorteggio',
        last ? Number(last.n) + 1 : 1,
      ],
    );
    return sorteggio(r);
  }

  /**
   * What the audit trail recorded about an inspectorate's chain, to check the chain against: each transcript's
   * position and hash when appended (entries of transcripts recorded before chains per inspectorate have no position
   * and are left out), each period's commitment when published and head when revealed. And every request's attempt
   * and assignee, to find its transcripts.
   */
  async registrazioniCatena(ispettorato: string): Promise<{
    trascrizioni: Array<{ n: number; hash: string }>;
    periodi: Array<{ periodo: string; impegno?: string; testaCatena?: { n: number; hash: string } | null }>;
    richieste: Array<{ id: string; tentativo: number; ispettoreId: string | null }>;
  }> {
    const eventi: Array<{ entita: string; entita_id: string; azione: string; dopo: Record<string, unknown> | null }> = await this.db.query(
      `SELECT entita, entita_id, azione, dopo FROM audit_log
        WHERE procedura = 'ispezioni' AND (
          (entita = 'richiesta-intervento' AND azione IN ('sorteggio', 'assegnazione-manuale-registrata')
            AND entita_id IN (SELECT id::text FROM richieste_intervento WHERE ispettorato = $1))
          OR (entita = 'periodo-sorteggio' AND azione IN ('impegno-pubblicato', 'segreto-rivelato') AND starts_with(entita_id, $2)))
        ORDER BY id`,
      [ispettorato, `${ispettorato}:`],
    );
    const trascrizioni: Array<{ n: number; hash: string }> = [];
    const periodi = new Map<string, { periodo: string; impegno?: string; testaCatena?: { n: number; hash: string } | null }>();
    for (const e of eventi) {
      if (e.entita === 'richiesta-intervento') {
        if (typeof e.dopo?.catena === 'number' && typeof e.dopo.hash === 'string') trascrizioni.push({ n: e.dopo.catena, hash: e.dopo.hash });
        continue;
      }
      const label = e.entita_id.slice(ispettorato.length + 1);
      const p = periodi.get(label) ?? { periodo: label };
      if (e.azione === 'impegno-pubblicato' && typeof e.dopo?.impegno === 'string') p.impegno = e.dopo.impegno;
      if (e.azione === 'segreto-rivelato' && e.dopo && 'testaCatena' in e.dopo) p.testaCatena = e.dopo.testaCatena as { n: number; hash: string } | null;
      periodi.set(label, p);
    }
    const richieste: Array<{ id: string; tentativo: number; ispettore_id: string | null }> = await this.db.query(
      'SELECT id, tentativo, ispettore_id FROM richieste_intervento WHERE ispettorato = $1 AND tentativo > 0',
      [ispettorato],
    );
    return {
      trascrizioni,
      periodi: [...periodi.values()],
      richieste: richieste.map((r) => ({ id: r.id, tentativo: Number(r.tentativo), ispettoreId: r.ispettore_id })),
    };
  }
}
