import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row of the append-only, hash-chained audit trail (see AuditTrail). */
@Entity({ name: 'audit_log' })
export class AuditEntity {
  // bigserial: assigned by the database on insert (never set by the application).
  @PrimaryColumn({ type: 'bigint', insert: false, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) id: number;
  @Column({ name: 'registrato_il', type: 'timestamptz' }) registratoIl: Date;
  @Column({ type: 'varchar', length: 200 }) attore: string;
  @Column({ type: 'varchar', length: 200 }) ruoli: string;
  @Column({ type: 'varchar', length: 40 }) ufficio: string;
  @Column({ type: 'varchar', length: 40 }) procedura: string;
  @Column({ type: 'varchar', length: 40 }) entita: string;
  @Column({ name: 'entita_id', type: 'varchar', length: 200 }) entitaId: string;
  @Column({ type: 'varchar', length: 60 }) azione: string;
  @Column({ type: 'text', nullable: true }) motivazione: string | null;
  @Column({ type: 'jsonb', nullable: true }) prima: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) dopo: Record<string, unknown> | null;
  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true }) requestId: string | null;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true, unique: true }) idempotencyKey: string | null;
  @Column({ name: 'prev_hash', type: 'char', length: 64 }) prevHash: string;
  @Column({ type: 'char', length: 64 }) hash: string;
}
