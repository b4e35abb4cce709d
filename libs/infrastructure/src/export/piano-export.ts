/**
 * The exports of a plan's monitoring sheet: the content both renderings share (`piano-contenuto.ts`), the workbook
 * (`piano-xlsx.ts`) and the PDF (`piano-pdf.ts`).
 */
export { ETICHETTE_REGOLA, titoloMonitoraggio } from './piano-contenuto';
export type { OpzioniEsportazione } from './piano-contenuto';
export { spiegazioneIt } from './formato-it';
export { nomeFoglio, pianoXlsx } from './piano-xlsx';
export { pianoPdf, pianoPdfConPagine } from './piano-pdf';
