import { AuditEntity } from './audit.entity';
import { DocumentoEntity } from './documento.entity';
import { PraticaEntity } from './pratica.entity';

export { AuditEntity, DocumentoEntity, PraticaEntity };
export const ENTITIES = [PraticaEntity, DocumentoEntity, AuditEntity];
