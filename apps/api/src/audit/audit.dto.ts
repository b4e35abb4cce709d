import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** How many rows of the trail a page holds by default and at most. */
export const LIMITE_AUDIT = 500;

export class AuditQuery {
  /**
   * L'entità come tipo:id (es. pratica:<uuid>) o il solo tipo
   * @example 'pratica:2b0c5f7e-1c1a-4a8e-9d51-6f0e4c1f9a10'
   */
  @IsOptional()
  @Matches(/^[a-z-]{1,40}(:[\w:./-]{1,200})?$/, { message: 'entity: tipo oppure tipo:id' })
  entity?: string;

  @ApiPropertyOptional({ description: 'la pagina successiva: il cursore nell’intestazione Link della risposta precedente (rel="next")' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  dopo?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: LIMITE_AUDIT, default: LIMITE_AUDIT, description: 'quante righe per pagina' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(LIMITE_AUDIT)
  limite?: number;
}

export class VerificaQuery {
  /** Ricalcola tutta la catena dalla prima riga, non solo le righe dopo l'ultima ancora che concorda (più lenta: vedi docs/audit.md) */
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'completa: true oppure false' })
  completa?: 'true' | 'false';
}

export class AuditRowView {
  /** Posizione nella catena, da 1 */
  id: number;
  /** Istante ISO 8601 */
  registratoIl: string;
  /** Chi ha agito (il suo login, o 'sistema') */
  attore: string;
  /** I suoi ruoli, separati da virgola */
  ruoli: string;
  ufficio: string;
  procedura: string;
  entita: string;
  entitaId: string;
  azione: string;
  motivazione: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Lo stato prima dell’operazione, per ciò che essa cambia' })
  prima: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Lo stato dopo l’operazione' })
  dopo: Record<string, unknown> | null;
  requestId: string | null;
  /** La chiave con cui chi ha scritto la riga evita di scriverla due volte (attività ripetute) */
  idempotencyKey: string | null;
  /** SHA-256 della riga e della precedente, esadecimale */
  hash: string;
  /** Lo hash della riga precedente (64 zeri per la prima) */
  prevHash: string;
}

export class UltimaAncoraView {
  /** Il nome dell'ancora nell'archivio */
  chiave: string;
  /** Istante ISO 8601 */
  registrataIl: string;
  /** L'ultima riga del registro quando è stata presa (null se era vuoto) */
  auditId: number | null;
}

export class AncoreView {
  /** Le ancore formano una catena e concordano con il registro */
  valido: boolean;
  /** Ancore controllate */
  verificate: number;
  ultima: UltimaAncoraView | null;
  /** Ogni incongruenza trovata, in italiano */
  problemi: string[];
}

export class ChainCheckView {
  /** La catena regge e concorda con ogni ancora */
  valid: boolean;
  /**
   * Come è stata verificata: `incrementale` ricalcola solo le righe dopo l'ultima ancora la cui riga ha ancora lo
   * hash ancorato (le ancore provano le righe fino a lì contro una catena ricalcolata); `completa` tutte dalla prima
   */
  @ApiProperty({ enum: ['incrementale', 'completa'] })
  modo: 'incrementale' | 'completa';
  /** Le righe ricalcolate sono quelle dopo questa (0: dalla prima) */
  dopoRiga: number;
  /** L'ancora da cui è partita la verifica incrementale (null se completa, o se nessuna ancora concorda) */
  ancoraDiPartenza: string | null;
  /** Righe ricalcolate */
  checked: number;
  /** La prima riga modificata o rimossa, se ce n'è una */
  firstBrokenId?: number;
  /** Perché la catena si interrompe lì */
  reason?: string;
  /** Le ancore nell'archivio non modificabile, e ciò che dicono delle tabelle */
  ancore: AncoreView;
}
