import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotificaEntity } from '../persistence/entities';
import { type DopoIstante, type QuerySql, istanteEsatto } from '../persistence/keyset';

/** Who reads notifications: staff act for their office, external users (only they carry a `soggetto`) for their organisation. */
export interface Destinatario {
  sub: string;
  roles: string[];
  office: string;
  soggetto?: string;
}

/** A notice as the caller reads it: read or not by them (read state is per user). */
export type NotificaLetta = NotificaEntity & { lettaIl: Date | null };

/** An e-mail of the outbox, leased for sending, with the notice it carries. */
export interface DaInviare {
  id: string;
  notifica_id: string;
  indirizzo: string;
  tentativi: number;
  titolo: string;
  testo: string;
  procedura: string;
  entita_id: string;
  ufficio: string;
  creata_il: Date;
}

/**
 * Roles whose notices the caller reads: staff their roles' and their structures'; an external user none (a notice for
 * every promotore or host of an office would tell each about the others' cases): only what is addressed to them or
 * to their organisation.
 */
const ruoliInterni = (c: Destinatario) => (c.soggetto ? [''] : c.roles.length ? c.roles : ['']);
const perDestinatario = (p: string) =>
  `((${p}destinatario_tipo = 'utente' AND ${p}destinatario = :sub) OR (${p}destinatario_tipo = 'ruolo' AND ${p}destinatario IN (:...roles))
    OR (${p}destinatario_tipo = 'struttura' AND :soggetto = '') OR (${p}destinatario_tipo = 'soggetto' AND ${p}destinatario = :soggetto AND :soggetto <> ''))`;

/** The list's filters: one structure's notices, one procedure's, one record's; and where the previous page ended. */
export interface FiltroNotifiche {
  struttura?: string;
  procedura?: string;
  entitaId?: string;
  dopo?: DopoIstante;
}

/** A notice as listed: with the caller's read state and its place in the list (its time to the microsecond, the cursor's key). */
export type NotificaElencata = NotificaLetta & { istante: string };

const COLONNE_NOTIFICA = `id, chiave, ufficio, destinatario_tipo AS "destinatarioTipo", destinatario, procedura, entita_id AS "entitaId", tipo, titolo, testo, dati,
  creata_il AS "creataIl", ${istanteEsatto('creata_il')} AS istante`;

/**
 * A caller's notices, newest first by (creata_il, id), from where the previous page ended (keyset). A caller reads
 * several kinds of recipient (themselves, each of their roles, their office's structures, their organisation), so the
 * query is one branch per recipient, each reading at most `limit` rows newest first by its index
 * (ix_notifiche_destinatario_creata; the structures' by ix_notifiche_struttura_creata, migration ElenchiKeyset), and
 * the page is the newest `limit` of those: a page reads at most `limit` rows per branch, whatever the office's other
 * notices. (Each branch has its own LIMIT: a plain UNION ALL would be flattened, and PostgreSQL does not see a
 * branch's `ufficio = …` as a constant of the index's order, so it would read every branch whole and sort.) The
 * branches are disjoint (a notice has one recipient). Null when the caller can read none. Exported so the e2e suite
 * `elenchi` explains exactly this SQL.
 */
export const QUERY_NOTIFICHE = {
  pagina(c: Destinatario, f: FiltroNotifiche, limit: number): QuerySql | null {
    const values: unknown[] = [c.office];
    const p = (v: unknown) => `$${values.push(v)}`;
    const comuni: string[] = [];
    if (f.procedura) comuni.push(`procedura = ${p(f.procedura)}`);
    if (f.entitaId) comuni.push(`entita_id = ${p(f.entitaId)}`);
    if (f.dopo) comuni.push(`(creata_il, id) < (${p(f.dopo.il)}::timestamptz, ${p(f.dopo.id)}::uuid)`);
    const destinatari: Array<[NotificaEntity['destinatarioTipo'], string | null]> = [];
    if (f.struttura !== undefined) {
      if (!c.soggetto) destinatari.push(['struttura', f.struttura]);
    } else {
      destinatari.push(['utente', c.sub]);
      if (c.soggetto) destinatari.push(['soggetto', c.soggetto.toUpperCase()]);
      else {
        destinatari.push(['struttura', null]);
      }
      for (const r of new Set(ruoliInterni(c))) destinatari.push(['ruolo', r]);
    }
    if (!destinatari.length) return null;
    const ordine = `ORDER BY "creataIl" DESC, id DESC LIMIT ${Number(limit)}`;
    const rami = destinatari.map(([tipo, chi]) => {
      const dove = [`ufficio = $1`, `destinatario_tipo = '${tipo}'`, ...(chi === null ? [] : [`destinatario = ${p(chi)}`]), ...comuni];
      return `(SELECT ${COLONNE_NOTIFICA} FROM notifiche WHERE ${dove.join(' AND ')} ${ordine})`;
    });
    return { text: rami.length === 1 ? rami[0] : `SELECT * FROM (${rami.join('\n        UNION ALL ')}) n ${ordine}`, values };
  },
};

/**
 * The notices (`notifiche`), who read them (`notifiche_lette`) and the outbox of their e-mails (`notifiche_email`),
 * whose rows the sender leases with SKIP LOCKED.
 */
@Injectable()
export class NotificheRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Stores the notice inside `m`'s transaction and, with it, one e-mail per address the office's directory
   * (`rubrica`) gives for the recipient: its own entry's mailbox and, for a structure, its named users' addresses.
   * False, and nothing written, when the notice's key was already used.
   */
  async inserisci(m: EntityManager, row: NotificaEntity): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO notifiche (id, chiave, ufficio, destinatario_tipo, destinatario, procedura, entita_id, tipo, titolo, testo, dati, creata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (chiave) DO NOTHING RETURNING id`,
      [
        row.id,
        row.chiave,
        row.ufficio,
        row.destinatarioTipo,
        row.destinatario,
        row.procedura,
        row.entitaId,
        row.tipo,
        row.titolo,
        row.testo,
        row.dati === null ? null : JSON.stringify(row.dati),
        row.creataIl,
      ],
    );
    if (!inserted.length) return false;
    await m.query(
      `INSERT INTO notifiche_email (id, notifica_id, indirizzo)
       SELECT gen_random_uuid(), $1, indirizzo FROM (
         SELECT lower(r.email) AS indirizzo FROM rubrica r WHERE r.ufficio = $2 AND r.tipo = $3 AND r.nome = $4 AND r.email IS NOT NULL
         UNION
         SELECT lower(u.email) FROM rubrica r JOIN rubrica u ON u.ufficio = r.ufficio AND u.tipo = 'utente' AND u.nome = ANY (r.utenti)
          WHERE r.ufficio = $2 AND r.tipo = $3 AND r.nome = $4 AND u.email IS NOT NULL
       ) a ON CONFLICT DO NOTHING`,
      [row.id, row.ufficio, row.destinatarioTipo, row.destinatarioTipo === 'soggetto' ? row.destinatario.toUpperCase() : row.destinatario],
    );
    return true;
  }

  async chiaviUsate(procedura: string, entitaId: string): Promise<Set<string>> {
    const rows: { chiave: string }[] = await this.db.query('SELECT chiave FROM notifiche WHERE procedura = $1 AND entita_id = $2', [procedura, entitaId]);
    return new Set(rows.map((r) => r.chiave));
  }

  /** What a caller sees, newest first, from where the previous page ended (see QUERY_NOTIFICHE), each with the caller's read state. */
  async perDestinatario(caller: Destinatario, filter: FiltroNotifiche, limit: number): Promise<NotificaElencata[]> {
    const q = QUERY_NOTIFICHE.pagina(caller, filter, limit);
    const rows: Array<NotificaEntity & { istante: string }> = q ? await this.db.query(q.text, q.values) : [];
    const lette: { notifica_id: string; letta_il: Date }[] = rows.length
      ? await this.db.query('SELECT notifica_id, letta_il FROM notifiche_lette WHERE utente = $1 AND notifica_id = ANY ($2::uuid[])', [
          caller.sub,
          rows.map((r) => r.id),
        ])
      : [];
    const quando = new Map(lette.map((l) => [l.notifica_id, l.letta_il]));
    return rows.map((r) => ({ ...r, lettaIl: quando.get(r.id) ?? null }));
  }

  /** Marks as read, for the caller only, a notification the caller can see; false when there is none. */
  async segnaLetta(id: string, caller: Destinatario): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH visibile AS (
         SELECT id FROM notifiche
          WHERE id = $1 AND ufficio = $2 AND ${perDestinatario('').replaceAll(':sub', '$3').replaceAll(':...roles', 'SELECT unnest($4::text[])').replaceAll(':soggetto', '$5')}
       ), letta AS (
         INSERT INTO notifiche_lette (notifica_id, utente) SELECT id, $3 FROM visibile ON CONFLICT DO NOTHING
       )
       SELECT id FROM visibile`,
      [id, caller.office, caller.sub, ruoliInterni(caller), caller.soggetto?.toUpperCase() ?? ''],
    );
    return rows.length > 0;
  }

  /**
   * Leases up to 10 e-mails due now for 5 minutes (their attempts counted), oldest due first; rows another sender
   * holds are skipped, so two senders never take the same one.
   */
  async prendiDaInviare(): Promise<DaInviare[]> {
    const r: [DaInviare[], number] | DaInviare[] = await this.db.query(
      `UPDATE notifiche_email e SET prossimo_tentativo = now() + interval '5 minutes', tentativi = e.tentativi + 1
         FROM notifiche n
        WHERE n.id = e.notifica_id AND e.id IN (
          SELECT id FROM notifiche_email WHERE stato = 'da-inviare' AND prossimo_tentativo <= now()
           ORDER BY prossimo_tentativo LIMIT 10 FOR UPDATE SKIP LOCKED)
       RETURNING e.id, e.notifica_id, e.indirizzo, e.tentativi, n.titolo, n.testo, n.procedura, n.entita_id, n.ufficio, n.creata_il`,
    );
    return Array.isArray(r[0]) ? (r[0] as DaInviare[]) : (r as DaInviare[]);
  }

  async segnaInviata(id: string): Promise<void> {
    await this.db.query(`UPDATE notifiche_email SET stato = 'inviata', inviata_il = now(), errore = NULL WHERE id = $1`, [id]);
  }

  /** A failed send: retried after `pausaSecondi`, or given up (`fallita`). */
  async segnaNonInviata(id: string, errore: string, fallita: boolean, pausaSecondi: number): Promise<void> {
    await this.db.query(`UPDATE notifiche_email SET errore = $2, stato = $3, prossimo_tentativo = now() + make_interval(secs => $4) WHERE id = $1`, [
      id,
      errore,
      fallita ? 'fallita' : 'da-inviare',
      pausaSecondi,
    ]);
  }
}
