import { pianoWorkflowId } from './cronoprogramma/cronoprogramma.types';
import { ispezioneWorkflowId, pianoVigilanzaWorkflowId } from './ispezioni/ispezione.types';
import { offertaWorkflowId } from './collocamento/offerta.types';
import { praticaWorkflowId } from './pratiche/pratica.types';
import { tirocinioWorkflowId } from './tirocini/tirocinio.types';

// The ids are stored with the cases and name running workflows: a change here would lose them.
describe('workflow ids are business keys', () => {
  it('a pratica: its office and protocol number', () => {
    expect(praticaWorkflowId('CPI-FI', '2026/00012')).toBe('pratica:CPI-FI:2026/00012');
  });

  it('a tirocinio, an offer: their id', () => {
    expect(tirocinioWorkflowId('5f0c')).toBe('tirocinio:5f0c');
    expect(offertaWorkflowId('5f0c')).toBe('offerta:5f0c');
  });

  it('an intervention request: its inspectorate and its id', () => {
    expect(ispezioneWorkflowId('ITL-PA', '5f0c')).toBe('ispezione:ITL-PA:5f0c');
  });

  it("a plan: its office (an ex-officio plan: its inspectorate) and its year, so a second plan's start is refused", () => {
    expect(pianoWorkflowId('CPI-FI', 2027)).toBe('piano:CPI-FI:2027');
    expect(pianoVigilanzaWorkflowId('ITL-PA', 2027)).toBe('piano-vigilanza:ITL-PA:2027');
  });
});
