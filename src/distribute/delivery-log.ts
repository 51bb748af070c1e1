// The delivery log in the database: every document sent or copied, to whom, with its SHA-256
// and what the server said. Only what a server accepted (or a folder received) counts as
// delivered, and a document delivered with the same content is not sent to that recipient again.
import type { Row } from '../contract/tables.ts';
import type { Store } from '../store/db.ts';

export type Channel = 'email' | 'folder';
export type DeliveryRow = Row<'delivery'>;

const keyOf = (recipient: string, document: string) => `${recipient.toLowerCase()}\0${document}`;

export interface DeliveryHistory {
  /** Delivered before with exactly this content. */
  has(recipient: string, document: string, sha256: string): boolean;
  /** Delivered before, with other content: this one is an update. */
  replaces(recipient: string, document: string, sha256: string): boolean;
}

export async function deliveryHistory(store: Store, channel: Channel): Promise<DeliveryHistory> {
  const rows = await store.rows<{ recipient: string; document: string; sha256: string }>(
    "SELECT DISTINCT recipient, document, sha256 FROM delivery WHERE channel = $1 AND status = 'delivered'",
    [channel],
  );
  const sent = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = keyOf(r.recipient, r.document);
    sent.set(key, (sent.get(key) ?? new Set()).add(r.sha256));
  }
  return {
    has: (recipient, document, sha256) => sent.get(keyOf(recipient, document))?.has(sha256) ?? false,
    replaces: (recipient, document, sha256) => {
      const before = sent.get(keyOf(recipient, document));
      return before !== undefined && !before.has(sha256);
    },
  };
}

/** Whether anything was ever sent by e-mail for real: until then `send` only shows what it would do. */
export async function hasSentMail(store: Store): Promise<boolean> {
  const [row] = await store.rows<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM delivery WHERE channel = 'email' AND status = 'delivered'",
  );
  return (row?.n ?? 0) > 0;
}

export async function logDeliveries(store: Store, rows: DeliveryRow[]): Promise<void> {
  await store.insert('delivery', rows);
}
