/** "Le mie attività": what waits for the user across all procedures (GET /api/v1/attivita). */
export function Attivita() {
  return <h1>Le mie attività</h1>;
}
