import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Metadata of a stored document; the bytes live in object storage under `storageKey`. */
@Entity({ name: 'documenti' })
@Index('uq_documenti_versione', ['procedura', 'entitaId', 'tipo', 'versione'], { unique: true })
export class DocumentoEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 40 }) procedura: string;
  @Column({ name: 'entita_id', type: 'uuid' }) entitaId: string;
  @Column({ type: 'varchar', length: 40 }) ufficio: string;
  @Column({ type: 'varchar', length: 60 }) tipo: string;
  @Column({ type: 'int' }) versione: number;
  @Column({ name: 'nome_file', type: 'varchar', length: 255 }) nomeFile: string;
  @Column({ name: 'content_type', type: 'varchar', length: 100 }) contentType: string;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) dimensione: number;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ name: 'storage_key', type: 'varchar', length: 400, unique: true }) storageKey: string;
  @Column({ name: 'caricato_da', type: 'varchar', length: 200 }) caricatoDa: string;
  @Column({ name: 'caricato_il', type: 'timestamptz' }) caricatoIl: Date;
  /** The uploader's declaration about this version's signatures, where the procedure asks for one. */
  @Column({ type: 'jsonb', nullable: true }) firma: DichiarazioneFirma | null;
}

/** Who declared a version signed or not, with which roles, when. */
export interface DichiarazioneFirma {
  firmato: boolean;
  dichiaratoDa: string;
  ruoli?: string;
  il: string;
}
