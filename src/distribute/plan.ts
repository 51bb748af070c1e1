// What goes to whom for one period, before anything is composed: each organization its own
// documents (every published file that belongs to it), the leaders the documents the settings
// name, and a reminder to each organization still owing its form after the due date. A parcel
// for an organization without an e-mail address has no recipients: the sender lists it.
import { extname } from 'node:path';
import { createHash } from 'node:crypto';
import { safeFileName } from '../forms/file-name.ts';
import type { Office, Person } from './office.ts';
import type { OrgStatus, PeriodStatus } from './status.ts';

/** A published file as the build's manifest lists it. */
export interface PublishedFile {
  kind: string;
  period: string;
  /** The organization the file belongs to. */
  branch?: string;
  title: string;
  path: string;
  sha256: string;
  bytes: number;
}

export type Purpose = 'org' | 'leaders' | 'reminder';

export const PURPOSE_LABELS: Record<Purpose, string> = { org: '本党组织的文件', leaders: '领导', reminder: '催交' };

export interface PlannedDocument {
  /** Path in the output folder: what the delivery log records. */
  document: string;
  /** The attachment's (or copied file's) name: the document's Chinese title. */
  name: string;
  sha256: string;
  bytes: number;
}

export interface Parcel {
  purpose: Purpose;
  period: string;
  orgId: string | null;
  /** Whom it is for, in words: an organization's name, or 领导. */
  label: string;
  to: Person[];
  cc: Person[];
  documents: PlannedDocument[];
  /** The organization's 回收情况 and contacts; null for the leaders. */
  org: OrgStatus | null;
  /** For a reminder: what identifies it in the log. */
  reminder?: { document: string; sha256: string };
}

export interface SendPlan {
  period: string;
  /** Each with its recipients; an organization without an e-mail address has none. */
  parcels: Parcel[];
}

/** The name a document travels under: its title, which says what and which period, and its own extension. */
export function attachmentName(f: PublishedFile): string {
  return safeFileName([f.title], extname(f.path).slice(1) || 'bin');
}

const planned = (f: PublishedFile): PlannedDocument => ({
  document: f.path,
  name: attachmentName(f),
  sha256: f.sha256,
  bytes: f.bytes,
});

function orgRecipients(o: OrgStatus): { to: Person[]; cc: Person[] } {
  const secretary = o.secretaryEmail ? [{ address: o.secretaryEmail, ...(o.secretary && { name: o.secretary }) }] : [];
  const contact =
    o.contactEmail && o.contactEmail.toLowerCase() !== o.secretaryEmail?.toLowerCase()
      ? [{ address: o.contactEmail, ...(o.contact && { name: o.contact }) }]
      : [];
  return secretary.length > 0 ? { to: secretary, cc: contact } : { to: contact, cc: [] };
}

/**
 * A reminder is known in the log by what it asks for: sent once for each state of the form
 * (missing, then blank sheets …), not again every night while nothing changes.
 */
function reminderKey(status: PeriodStatus, o: OrgStatus): { document: string; sha256: string } {
  const what = [status.period, status.due?.toISOString().slice(0, 10), o.state, o.blankSheets];
  return {
    document: `催交:${status.period}`,
    sha256: createHash('sha256').update(JSON.stringify(what)).digest('hex'),
  };
}

export function planSending(status: PeriodStatus, published: PublishedFile[], office: Office): SendPlan {
  const period = status.period;
  const files = published.filter((f) => f.period === period);
  const parcels: Parcel[] = [];
  for (const o of status.orgs) {
    // Its report first, then the rest (its members' results) by name.
    const documents = files
      .filter((f) => f.branch === o.orgId)
      .sort(
        (a, b) => Number(!a.path.endsWith('.pdf')) - Number(!b.path.endsWith('.pdf')) || a.path.localeCompare(b.path),
      )
      .map(planned);
    if (documents.length > 0)
      parcels.push({ purpose: 'org', period, orgId: o.orgId, label: o.name, ...orgRecipients(o), documents, org: o });
  }
  if (office.leaders) {
    // In the order the settings list them.
    const kinds: string[] = office.leaders.documents;
    const documents = kinds.flatMap((k) => files.filter((f) => !f.branch && f.kind === k).map(planned));
    if (documents.length > 0)
      parcels.push({
        purpose: 'leaders',
        period,
        orgId: null,
        label: '领导',
        to: office.leaders.recipients,
        cc: [],
        documents,
        org: null,
      });
  }
  for (const o of status.orgs) {
    if (!o.outstanding || o.overdueDays <= 0) continue;
    parcels.push({
      purpose: 'reminder',
      period,
      orgId: o.orgId,
      label: o.name,
      ...orgRecipients(o),
      documents: [],
      org: o,
      reminder: reminderKey(status, o),
    });
  }
  return { period, parcels };
}
