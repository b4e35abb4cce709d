import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EsitoDecisione, PraticaStato } from '../../../../domain/src/pratiche/pratica.state';

@Entity({ name: 'pratiche' })
@Index('uq_pratiche_ufficio_protocollo', ['ufficio', 'protocollo'], { unique: true })
export class PraticaEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'workflow_id', type: 'varchar', length: 200, unique: true }) workflowId: string;
  @Column({ type: 'varchar', length: 40 }) ufficio: string;
  @Column({ type: 'varchar', length: 60 }) protocollo: string;
  @Column({ type: 'text' }) oggetto: string;
  @Column({ type: 'varchar', length: 20 }) stato: PraticaStato;
  @Column({ name: 'creata_da', type: 'varchar', length: 200 }) creataDa: string;
  @Column({ name: 'creata_il', type: 'timestamptz' }) creataIl: Date;
  @Column({ name: 'aggiornata_il', type: 'timestamptz' }) aggiornataIl: Date;
  @Column({ name: 'inviata_da', type: 'varchar', length: 200, nullable: true }) inviataDa: string | null;
  @Column({ type: 'jsonb', nullable: true }) decisione: { esito: EsitoDecisione; motivazione: string; decisaDa: string; decisaIl: string } | null;
  @Column({ type: 'int', default: 0 }) versione: number;
}
