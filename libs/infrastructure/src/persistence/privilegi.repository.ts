import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The application's own database role, as the catalog describes it (the grants are set by `migrations/privilegi.ts`). */
@Injectable()
export class PrivilegiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** What the application's role could do that it should not: to warn at start (e.g. it is a superuser or an owner). */
  async poteriEccessivi(): Promise<string[]> {
    const [r] = await this.db.query(
      `SELECT rolsuper AS superuser, (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user)::int AS possedute,
              -- Before the first migration there is no trail yet (the worker may start before the API has migrated).
              CASE WHEN to_regclass('public.audit_log') IS NULL THEN false ELSE has_table_privilege('public.audit_log', 'UPDATE') END AS aggiorna
         FROM pg_roles WHERE rolname = current_user`,
    );
    const out: string[] = [];
    if (r?.superuser) out.push('is a superuser');
    if (r?.possedute) out.push(`owns ${r.possedute} tables`);
    if (r?.aggiorna) out.push('may UPDATE the audit trail');
    return out;
  }
}
