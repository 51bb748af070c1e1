// Reads the bureau's roster workbook into a Roster, checking every cell. A bad row is
// reported and left out; the rest of the roster is still usable.
import { readFile } from 'node:fs/promises';
import { unreadableReason } from '../base/unreadable-reason.ts';
import { ROSTER_MEMBERS, ROSTER_ORGS, ROSTER_SANCTIONS, ROSTER_SHEETS } from '../contract/form-layout.ts';
import type { Member, Org, Roster, Sanction } from '../contract/roster.ts';
import { parsePeriod } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import {
  cleanText,
  normalizeCode,
  normalizeName,
  parseChoice,
  parseDate,
  parseEmail,
  parsePhone,
  parseYesNo,
  required,
  type Parsed,
  type Scalar,
} from './cells.ts';
import { ProblemLog, type Problem } from '../contract/problem.ts';
import { emptyCounts, readSheetRows, type RowCheck, type RowCounts, type SheetRows } from './sheet-rows.ts';
import type { SheetBook } from './sheet-book.ts';
import { assignSheets, type TableRow } from './table.ts';
import { readXlsx } from './xlsx/index.ts';

export interface SheetRow {
  sheet: string;
  row: number;
}

export interface RosterResult {
  roster: Roster;
  problems: Problem[];
  counts: RowCounts;
  /** Sheet and row of each accepted record, for provenance. */
  rows: { orgs: SheetRow[]; members: SheetRow[]; sanctions: SheetRow[] };
}

const CODE = /^[A-Z0-9][A-Z0-9_.-]*$/;

export async function readRosterFile(file: string, scheme: Scheme): Promise<RosterResult> {
  const log = new ProblemLog(file);
  let unreadable: string | null = null;
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    unreadable =
      e.code === 'ENOENT' ? '找不到名册文件，请检查路径和文件名' : `无法读取名册文件：${unreadableReason(e)}`;
    return null;
  });
  const xlsx = bytes && readXlsx(bytes);
  if (!xlsx || !xlsx.ok) {
    const problem = xlsx ? xlsx.problem : null;
    log.error(
      problem?.sheet,
      problem?.cell,
      undefined,
      unreadable ??
        (problem?.kind === 'limit'
          ? problem.message
          : '无法打开名册文件：文件不是有效的 .xlsx 工作簿（请用 Excel 另存为 .xlsx 后重试）'),
    );
    return {
      roster: { orgs: [], members: [], sanctions: [] },
      problems: log.problems,
      counts: emptyCounts(),
      rows: { orgs: [], members: [], sanctions: [] },
    };
  }
  return readRoster(xlsx.book, file, scheme);
}

export function readRoster(wb: SheetBook, file: string, scheme: Scheme): RosterResult {
  const log = new ProblemLog(file);
  const counts = emptyCounts();
  const sheets = assignSheets(wb, ROSTER_SHEETS);
  // Codes on rejected rows too, so references to them say "that row has errors", not "unknown".
  const listedOrgs = new Set<string>();
  const listedMembers = new Set<string>();
  const orgs = readSheetRows(sheets, ROSTER_ORGS, log, counts, 'error', (c) => readOrg(c, scheme, listedOrgs));
  const orgIds = new Set(orgs.rows.map((o) => o.value.orgId));
  checkParents(orgs.rows, log);

  const members = readSheetRows(sheets, ROSTER_MEMBERS, log, counts, 'error', (c) =>
    readMember(c, scheme, orgIds, listedOrgs, listedMembers),
  );
  const memberIds = new Set(members.rows.map((m) => m.value.memberId));

  const sanctions = readSheetRows(sheets, ROSTER_SANCTIONS, log, counts, 'ignore', (c) =>
    readSanction(c, scheme, memberIds, listedMembers),
  );
  return {
    roster: {
      orgs: orgs.rows.map((o) => o.value),
      members: members.rows.map((m) => m.value),
      sanctions: sanctions.rows.map((s) => s.value),
    },
    problems: log.problems,
    counts,
    rows: { orgs: provenance(orgs), members: provenance(members), sanctions: provenance(sanctions) },
  };
}

function code(value: Scalar): Parsed<string | null> {
  const c = normalizeCode(value);
  if (c === '') return { ok: true, value: null };
  return CODE.test(c) ? { ok: true, value: c } : { ok: false, reason: '只能由字母、数字、“-”“_”“.”组成，如 S01' };
}

const labelled = (labels: string[]) => labels.map((l) => ({ key: l, label: l }));

function readOrg(c: RowCheck, scheme: Scheme, listed: Set<string>): Org | undefined {
  const orgId = c.take('orgId', unique(required(code(c.value('orgId'))), listed));
  const name = c.take('name', required({ ok: true, value: cleanText(c.value('name')) || null }));
  const level = c.take('level', required(parseChoice(c.value('level'), labelled(scheme.orgLevels))));
  const type = c.take('type', required(parseChoice(c.value('type'), labelled(scheme.orgTypes))));
  const parentId = c.take('parentId', code(c.value('parentId')));
  if (orgId === undefined || name === undefined || level === undefined || type === undefined || parentId === undefined)
    return undefined;
  return {
    orgId,
    name,
    level,
    type,
    parentId,
    secretary: normalizeName(c.value('secretary')) || null,
    secretaryPhone: contact(c, 'secretaryPhone', parsePhone),
    secretaryEmail: contact(c, 'secretaryEmail', parseEmail),
    contact: normalizeName(c.value('contact')) || null,
    contactPhone: contact(c, 'contactPhone', parsePhone),
    contactEmail: contact(c, 'contactEmail', parseEmail),
    region: cleanText(c.value('region')) || null,
  };
}

/** A contact that does not parse is reported and left empty: the organization itself still counts. */
function contact(c: RowCheck, key: string, parse: (v: Scalar) => Parsed<string | null>): string | null {
  const parsed = parse(c.value(key));
  if (parsed.ok) return parsed.value;
  c.warn(key, `${c.header(key)}${parsed.reason}；本格未采用，其余照常`);
  return null;
}

function readMember(
  c: RowCheck,
  scheme: Scheme,
  orgIds: Set<string>,
  listedOrgs: Set<string>,
  listed: Set<string>,
): Member | undefined {
  const memberId = c.take('memberId', unique(required(code(c.value('memberId'))), listed));
  const name = c.take('name', required({ ok: true, value: normalizeName(c.value('name')) || null }));
  const sex = c.take(
    'sex',
    parseChoice(c.value('sex'), [
      { key: '男' as const, label: '男', synonyms: ['男性', 'M'] },
      { key: '女' as const, label: '女', synonyms: ['女性', 'F'] },
    ]),
  );
  const birthDate = c.take('birthDate', required(parseDate(c.value('birthDate'))));
  const joinDate = c.take('joinDate', parseDate(c.value('joinDate')));
  const status = c.take(
    'status',
    required(
      parseChoice(c.value('status'), [
        { key: 'full' as const, label: scheme.memberStatuses.full, synonyms: ['正式'] },
        { key: 'probationary' as const, label: scheme.memberStatuses.probationary, synonyms: ['预备'] },
      ]),
    ),
  );
  const orgId = c.take('orgId', required(code(c.value('orgId'))));
  const partyWorker = c.take('partyWorker', parseYesNo(c.value('partyWorker'), scheme.yesNo));
  if (orgId !== undefined && !orgIds.has(orgId))
    c.take('orgId', { ok: false, reason: unresolved(orgId, listedOrgs, '组织') });
  if (birthDate && joinDate && joinDate < birthDate) c.take('joinDate', { ok: false, reason: '入党日期早于出生日期' });
  if (
    memberId === undefined ||
    name === undefined ||
    sex === undefined ||
    birthDate === undefined ||
    joinDate === undefined
  )
    return undefined;
  if (status === undefined || orgId === undefined || !orgIds.has(orgId) || partyWorker === undefined) return undefined;
  return {
    memberId,
    name,
    sex,
    birthDate,
    joinDate,
    status,
    orgId,
    post: cleanText(c.value('post')) || null,
    partyWorker: partyWorker ?? false,
  };
}

function readSanction(
  c: RowCheck,
  scheme: Scheme,
  memberIds: Set<string>,
  listedMembers: Set<string>,
): Sanction | undefined {
  const memberId = c.take('memberId', required(code(c.value('memberId'))));
  if (memberId !== undefined && !memberIds.has(memberId))
    c.take('memberId', { ok: false, reason: unresolved(memberId, listedMembers, '党员') });
  const periodText = cleanText(c.value('period'));
  const period = parsePeriod(periodText);
  if (!period) c.take('period', { ok: false, reason: periodText ? '应写作 2011H1 或 2011年上半年' : '不能为空' });
  const sanction = c.take('sanction', required(parseChoice(c.value('sanction'), labelled(scheme.sanctions))));
  const date = c.take('date', parseDate(c.value('date')));
  if (memberId === undefined || !memberIds.has(memberId) || !period || sanction === undefined || date === undefined)
    return undefined;
  return { memberId, period: period.code, sanction, date, note: cleanText(c.value('note')) || null };
}

function unresolved(id: string, listed: Set<string>, sheetName: string): string {
  return listed.has(id)
    ? `“${id}”在“${sheetName}”表中的那一行有错误（见上），本行暂未采用`
    : `“${id}”不在“${sheetName}”表中`;
}

function provenance(read: SheetRows<unknown>): SheetRow[] {
  return read.rows.map((r) => ({ sheet: read.sheet ?? '', row: r.row.row }));
}

/** The first row with a code wins, even when it has other errors; later ones are duplicates. */
function unique(parsed: Parsed<string>, listed: Set<string>): Parsed<string> {
  if (!parsed.ok) return parsed;
  if (listed.has(parsed.value)) return { ok: false, reason: `重复：“${parsed.value}”已在前面出现，本行未采用` };
  listed.add(parsed.value);
  return parsed;
}

/** A parent must exist and the tree must not loop back on itself. */
function checkParents(orgs: { value: Org; row: TableRow }[], log: ProblemLog): void {
  const byId = new Map(orgs.map((o) => [o.value.orgId, o.value]));
  for (const { value: org, row } of orgs) {
    if (org.parentId === null) continue;
    const cell = row.get('parentId').address;
    if (!byId.has(org.parentId)) {
      log.warn(ROSTER_ORGS.name, cell, org.parentId, `上级组织编号“${org.parentId}”不在“组织”表中，已按直属党组织处理`);
      org.parentId = null;
      continue;
    }
    const seen = new Set([org.orgId]);
    for (let p: string | null = org.parentId; p !== null; p = byId.get(p)?.parentId ?? null) {
      if (seen.has(p)) {
        log.warn(
          ROSTER_ORGS.name,
          cell,
          org.parentId,
          '上级组织形成了循环（A 的上级是 B，B 的上级又是 A），已按直属党组织处理',
        );
        org.parentId = null;
        break;
      }
      seen.add(p);
    }
  }
}
