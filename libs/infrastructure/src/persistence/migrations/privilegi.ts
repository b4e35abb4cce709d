import { DataSource } from 'typeorm';

/*
 * Migration-time code, not a migration (MIGRATIONS does not list it): the privileges the schema owner grants the
 * application's role right after applying the migrations, in the same step and on the owner's connection (`migra`
 * in persistence.module.ts). It sits with the migrations because, like them, it shapes the database itself rather
 * than reading or writing its data, and only the owner runs it; the application's own queries live in repositories.
 */

/**
 * Tables the application may only add to and read: the audit trail, the draws' chain, the sites' dated head counts
 * (a past check must find the count it used), the migrations' record. The application's role gets INSERT and SELECT
 * on them and nothing else, and owns no table, so it can neither rewrite nor truncate them nor disable their
 * append-only trigger (that needs the owner).
 */
export const SOLO_AGGIUNTA = ['audit_log', 'sorteggi', 'tir_sedi_dipendenti'] as const;

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Grants the application's role (`ruolo`) what it needs, as the schema owner, after the migrations: read and write
 * on the procedures' tables, insert and read only on the append-only ones, nothing on the migrations' table.
 * Idempotent; run at every start that migrates, so a table added by a migration is covered at once.
 */
export async function concediPrivilegi(owner: DataSource, ruolo: string): Promise<void> {
  const r = ident(ruolo);
  await owner.transaction(async (m) => {
    await m.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
    await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
    await m.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
    await m.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${r}`);
    for (const t of SOLO_AGGIUNTA) await m.query(`REVOKE UPDATE, DELETE ON ${ident(t)} FROM ${r}`);
    await m.query(`REVOKE ALL ON migrazioni FROM ${r}`);
  });
}
