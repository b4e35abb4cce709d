import { Platform1763884800000 } from './1763884800000-Platform';
import { Cronoprogramma1763971200000 } from './1763971200000-Cronoprogramma';
import { Ispezioni1764057600000 } from './1764057600000-Ispezioni';
import { PianiVigilanza1764144000000 } from './1764144000000-PianiVigilanza';
import { Tirocini1764230400000 } from './1764230400000-Tirocini';
import { Collocamento1764316800000 } from './1764316800000-Collocamento';
import { IspezioniImparzialita1764403200000 } from './1764403200000-IspezioniImparzialita';
import { AmbitiRegistri1764489600000 } from './1764489600000-AmbitiRegistri';
import { Idempotenza1764576000000 } from './1764576000000-Idempotenza';
import { RiconciliazioneDocumenti1764662400000 } from './1764662400000-RiconciliazioneDocumenti';
import { Recapiti1764748800000 } from './1764748800000-Recapiti';
import { DocumentiFirma1764835200000 } from './1764835200000-DocumentiFirma';
import { ImpostazioniUfficio1764921600000 } from './1764921600000-ImpostazioniUfficio';
import { IndirizziTipizzati1765008000000 } from './1765008000000-IndirizziTipizzati';
import { DipendentiSedi1765094400000 } from './1765094400000-DipendentiSedi';
import { AttivitaIndici1765180800000 } from './1765180800000-AttivitaIndici';
import { ElenchiKeyset1765267200000 } from './1765267200000-ElenchiKeyset';
import { TirociniMigrazione1765270000000 } from './1765270000000-TirociniMigrazione';
import { PromemoriaPresenze1765356400000 } from './1765356400000-PromemoriaPresenze';
import { PresenzeDovute1765442800000 } from './1765442800000-PresenzeDovute';
import { PresenzeDovutePagina1765529200000 } from './1765529200000-PresenzeDovutePagina';

/** Every migration, oldest first. `npm run migration:generate -- Name` writes new ones here; add them below. */
export const MIGRATIONS = [
  Platform1763884800000,
  Cronoprogramma1763971200000,
  Ispezioni1764057600000,
  PianiVigilanza1764144000000,
  Tirocini1764230400000,
  Collocamento1764316800000,
  IspezioniImparzialita1764403200000,
  AmbitiRegistri1764489600000,
  Idempotenza1764576000000,
  RiconciliazioneDocumenti1764662400000,
  Recapiti1764748800000,
  DocumentiFirma1764835200000,
  ImpostazioniUfficio1764921600000,
  IndirizziTipizzati1765008000000,
  DipendentiSedi1765094400000,
  AttivitaIndici1765180800000,
  ElenchiKeyset1765267200000,
  TirociniMigrazione1765270000000,
  PromemoriaPresenze1765356400000,
  PresenzeDovute1765442800000,
  PresenzeDovutePagina1765529200000,
];
