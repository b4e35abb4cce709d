/** The SMTP server of the tests (Mailpit, started by infra/services.sh): what it received, through its HTTP API. */
const BASE = `http://127.0.0.1:${process.env.MAILPIT_UI_PORT ?? '8025'}/api/v1`;

export interface Ricevuta {
  ID: string;
  MessageID: string;
  Subject: string;
  From: { Address: string; Name: string };
  To: Array<{ Address: string; Name: string }>;
}

/** Every message received for `indirizzo` (newest first). */
export async function ricevutePer(indirizzo: string): Promise<Ricevuta[]> {
  const res = await fetch(`${BASE}/search?limit=500&query=${encodeURIComponent(`to:"${indirizzo}"`)}`);
  if (!res.ok) throw new Error(`Mailpit search: ${res.status}`);
  const body = (await res.json()) as { messages: Ricevuta[] };
  return body.messages.filter((m) => m.To.some((t) => t.Address.toLowerCase() === indirizzo.toLowerCase()));
}

/** One message in full: its text body and headers. */
export async function messaggio(id: string): Promise<Ricevuta & { Text: string }> {
  const res = await fetch(`${BASE}/message/${id}`);
  if (!res.ok) throw new Error(`Mailpit message: ${res.status}`);
  return (await res.json()) as Ricevuta & { Text: string };
}

export async function intestazioni(id: string): Promise<Record<string, string[]>> {
  const res = await fetch(`${BASE}/message/${id}/headers`);
  if (!res.ok) throw new Error(`Mailpit headers: ${res.status}`);
  return (await res.json()) as Record<string, string[]>;
}
