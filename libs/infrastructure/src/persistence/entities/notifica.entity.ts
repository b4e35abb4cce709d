import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A stored notification. Addressed to a person (`utente`), a role in an office (`ruolo`) or a responsible structure
 * (`struttura`); `chiave` makes sending idempotent (a retried activity finds it and sends nothing twice).
 */
@Entity({ name: 'notifiche' })
export class NotificaEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 300, unique: true }) chiave: string;
  @Column({ type: 'varchar', length: 40 }) ufficio: string;
  @Column({ name: 'destinatario_tipo', type: 'varchar', length: 20 }) destinatarioTipo: 'utente' | 'ruolo' | 'struttura' | 'soggetto';
  @Column({ type: 'varchar', length: 200 }) destinatario: string;
  @Column({ type: 'varchar', length: 40 }) procedura: string;
  @Column({ name: 'entita_id', type: 'varchar', length: 200 }) entitaId: string;
  @Column({ type: 'varchar', length: 40 }) tipo: string;
  @Column({ type: 'varchar', length: 300 }) titolo: string;
  @Column({ type: 'text' }) testo: string;
  @Column({ type: 'jsonb', nullable: true }) dati: Record<string, unknown> | null;
  @Column({ name: 'creata_il', type: 'timestamptz' }) creataIl: Date;
}
