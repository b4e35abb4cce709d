import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PianoDocumento } from '../../../../domain/src/cronoprogramma/cronoprogramma.types';

export type StatoPiano = 'bozza' | 'attivo' | 'congelato';

/** A plan: its current document (planning and monitoring data) and the number of its approved baseline. */
@Entity({ name: 'piani' })
@Index('uq_piani_ufficio_anno', ['ufficio', 'anno'], { unique: true })
export class PianoEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 40 }) ufficio: string;
  @Column({ type: 'int' }) anno: number;
  @Column({ type: 'varchar', length: 300 }) titolo: string;
  @Column({ type: 'varchar', length: 20 }) stato: StatoPiano;
  @Column({ type: 'jsonb' }) documento: PianoDocumento;
  /** 0 while a draft; then the number of the approved baseline the deadlines follow. */
  @Column({ type: 'int', default: 0 }) baseline: number;
  @Column({ name: 'workflow_id', type: 'varchar', length: 200 }) workflowId: string;
  @Column({ name: 'creato_da', type: 'varchar', length: 200 }) creatoDa: string;
  @Column({ name: 'creato_il', type: 'timestamptz' }) creatoIl: Date;
  /** Who last changed the plan: with its creator, barred from approving it. */
  @Column({ name: 'aggiornato_da', type: 'varchar', length: 200 }) aggiornatoDa: string;
  @Column({ name: 'aggiornato_il', type: 'timestamptz' }) aggiornatoIl: Date;
  /** Raised at every change: a client sends the version it read (If-Match) so no change is silently lost. */
  @Column({ type: 'int', default: 1 }) versione: number;
}

export type StatoRevisione = 'proposta' | 'approvata' | 'respinta';

/** A baseline (numero 1 = the approved plan) or a proposed revision of planned dates and weights. */
@Entity({ name: 'piani_revisioni' })
export class PianoRevisioneEntity {
  @PrimaryColumn({ name: 'piano_id', type: 'uuid' }) pianoId: string;
  @PrimaryColumn({ type: 'int' }) numero: number;
  @Column({ type: 'jsonb' }) documento: PianoDocumento;
  @Column({ type: 'text' }) motivo: string;
  @Column({ type: 'varchar', length: 20 }) stato: StatoRevisione;
  @Column({ name: 'proposta_da', type: 'varchar', length: 200 }) propostaDa: string;
  @Column({ name: 'proposta_il', type: 'timestamptz' }) propostaIl: Date;
  @Column({ name: 'decisa_da', type: 'varchar', length: 200, nullable: true }) decisaDa: string | null;
  @Column({ name: 'decisa_il', type: 'timestamptz', nullable: true }) decisaIl: Date | null;
  @Column({ name: 'motivazione_decisione', type: 'text', nullable: true }) motivazioneDecisione: string | null;
}
