import { AuditEntity } from './audit.entity';
import { DocumentoEntity } from './documento.entity';
import { NotificaEntity } from './notifica.entity';
import { PianoEntity, PianoRevisioneEntity } from './piano.entity';
import { PraticaEntity } from './pratica.entity';

export { AuditEntity, DocumentoEntity, NotificaEntity, PianoEntity, PianoRevisioneEntity, PraticaEntity };
export type { StatoPiano, StatoRevisione } from './piano.entity';
export const ENTITIES = [PraticaEntity, DocumentoEntity, AuditEntity, PianoEntity, PianoRevisioneEntity, NotificaEntity];
