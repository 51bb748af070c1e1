// The roster as pingyi holds it after reading the bureau's workbook.

export interface Org {
  orgId: string;
  name: string;
  /** 党总支 / 党支部, from the scheme's orgLevels. */
  level: string;
  /** 机关 / 中学 / 小学 / …, from the scheme's orgTypes. */
  type: string;
  parentId: string | null;
  secretary: string | null;
  /** Whom the office calls and writes to: absent when the roster was made without these columns. */
  secretaryPhone?: string | null;
  secretaryEmail?: string | null;
  /** 联系人: the person who handles the forms when it is not the secretary. */
  contact?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  /** 片区 or 学区: the unit the data is partitioned by when exported; each row its own, nothing inherited. */
  region: string | null;
}

/** Where an organization whose roster row leaves 片区 empty is counted, exported and listed. */
export const UNASSIGNED_REGION = '未分片';
/** Where what belongs to no one organization is counted, exported and listed (the roster, system-wide totals). */
export const WHOLE_SYSTEM_REGION = '全系统';

export type MemberStatus = 'full' | 'probationary';

export interface Member {
  memberId: string;
  name: string;
  sex: '男' | '女' | null;
  birthDate: Date;
  joinDate: Date | null;
  status: MemberStatus;
  orgId: string;
  post: string | null;
  partyWorker: boolean;
}

export interface Sanction {
  memberId: string;
  period: string;
  sanction: string;
  date: Date | null;
  note: string | null;
}

export interface Roster {
  orgs: Org[];
  members: Member[];
  sanctions: Sanction[];
}

export function membersOf(roster: Roster, orgId: string): Member[] {
  return roster.members.filter((m) => m.orgId === orgId);
}
