// The form contract: every sheet pingyi writes or reads, its Chinese name, its columns
// and their header texts. The form writers and the ingest readers both use these
// specs, so a header renamed here is renamed everywhere.
import { AWARD_KINDS, COMMITMENT_STATUS_KEYS, type AwardKind, type Scheme } from '../scheme/schema.ts';

export type ColumnKind =
  | 'code' // an identifier from the roster (组织编号, 党员编号)
  | 'name' // a person's or organization's name
  | 'text' // free text, one line
  | 'longText' // free text that wraps (comments, commitments)
  | 'date'
  | 'count' // whole number >= 0
  | 'points' // decimal between 0 and an item's maximum
  | 'score' // 0..100
  | 'choice' // one of a list given by the scheme
  | 'yesNo'
  | 'phone' // digits, kept as text
  | 'email'
  | 'formula'; // computed in the workbook, never read back as data

export interface ColumnSpec {
  key: string;
  header: string;
  /** Other headers people use for the same column, accepted when reading. */
  synonyms?: string[];
  kind: ColumnKind;
  /** Filled by pingyi from the roster; locked in the form. */
  prefilled?: boolean;
  required?: boolean;
  width?: number;
  /** For 'choice' columns: the allowed values. */
  choices?: (scheme: Scheme) => string[];
  /** Shown as the cell's input prompt. */
  hint?: string;
}

export interface SheetSpec {
  name: string;
  /** Older or alternative sheet names accepted when reading. */
  synonyms?: string[];
  columns: ColumnSpec[];
  /** When the sheet is there only under a scheme setting: said in docs/forms.md. */
  onlyWhen?: string;
}

export const FORM_KINDS = ['roster', 'branch', 'bureau', 'decision'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export const FORM_KIND_LABELS: Record<FormKind, string> = {
  roster: '党组织和党员名册',
  branch: '党组织评议表',
  bureau: '上级考评和领导点评表',
  decision: '评先选优审定表',
};

/** The award names forms show and accept (the scheme's own names come first in every round). */
export const AWARD_LABELS: Record<AwardKind, string> = {
  advanced_org: '先进基层党组织',
  excellent_member: '优秀共产党员',
  party_worker: '优秀党务工作者',
};
/** Every name an award kind is written with: its label and the titles rounds give it. */
export function awardChoices(scheme: Scheme): { key: AwardKind; label: string; synonyms: string[] }[] {
  return AWARD_KINDS.map((key) => ({
    key,
    label: AWARD_LABELS[key],
    synonyms: [
      ...new Set(
        scheme.awards.rounds.flatMap((r) => r.awards.filter((a) => a.kind === key && a.title).map((a) => a.title!)),
      ),
    ],
  }));
}
const awardLabels = (s: Scheme) => awardChoices(s).map((a) => a.label);
/** Words of the 党总支's and the committee's opinion. */
export const AGREE = { yes: '同意', no: '不同意' } as const;

/** The sheet with instructions; also holds the form's fill-in fields. */
export const INSTRUCTIONS_SHEET = '说明';
/** The hidden sheet that carries the form's metadata as key/value rows. */
export const META_SHEET = '_pingyi';

/** Fill-in fields on the instructions sheet, found by defined name or by label. */
export const FORM_FIELDS = {
  fillDate: { label: '填表日期', definedName: 'PINGYI_FILL_DATE' },
  fillBy: { label: '填表人', definedName: 'PINGYI_FILL_BY' },
  phone: { label: '联系电话', definedName: 'PINGYI_PHONE' },
} as const;

const memberGrades = (s: Scheme) => s.member.grades.map((g) => g.label);
const memberCategories = (s: Scheme) => s.member.raterCategories.map((c) => c.label);
const satisfactionCategories = (s: Scheme) => s.org.satisfaction.raterCategories.map((c) => c.label);
const statuses = (s: Scheme) => [s.memberStatuses.full, s.memberStatuses.probationary];
const modelLabels = (s: Scheme) => s.member.dimensions.map((d) => d.label);

const memberId: ColumnSpec = {
  key: 'memberId',
  header: '党员编号',
  synonyms: ['编号', '党员代码'],
  kind: 'code',
  prefilled: true,
  required: true,
};
const memberName: ColumnSpec = {
  key: 'name',
  header: '姓名',
  synonyms: ['党员姓名'],
  kind: 'name',
  prefilled: true,
  required: true,
};
const orgId: ColumnSpec = {
  key: 'orgId',
  header: '党组织编号',
  synonyms: ['组织编号', '支部编号'],
  kind: 'code',
  prefilled: true,
  required: true,
};
const orgName: ColumnSpec = {
  key: 'orgName',
  header: '党组织名称',
  synonyms: ['组织名称', '支部名称'],
  kind: 'name',
  prefilled: true,
};

// ---- Roster (maintained by the bureau) ----

export const ROSTER_ORGS: SheetSpec = {
  name: '组织',
  synonyms: ['党组织'],
  columns: [
    {
      key: 'orgId',
      header: '组织编号',
      synonyms: ['党组织编号', '编号'],
      kind: 'code',
      required: true,
      hint: '唯一编号，如 S01；一经使用不要更改',
    },
    { key: 'name', header: '组织名称', synonyms: ['党组织名称', '名称'], kind: 'name', required: true, width: 30 },
    {
      key: 'level',
      header: '组织类别',
      synonyms: ['类别', '组织层级'],
      kind: 'choice',
      required: true,
      choices: (s) => s.orgLevels,
    },
    {
      key: 'type',
      header: '单位类型',
      synonyms: ['类型', '学校类型'],
      kind: 'choice',
      required: true,
      choices: (s) => s.orgTypes,
    },
    {
      key: 'parentId',
      header: '上级组织编号',
      synonyms: ['上级编号', '所属党总支编号'],
      kind: 'code',
      hint: '党总支下属党支部填写党总支的编号；直属局党委的留空',
    },
    { key: 'secretary', header: '书记', synonyms: ['支部书记', '书记姓名'], kind: 'name' },
    {
      key: 'secretaryPhone',
      header: '书记电话',
      synonyms: ['书记手机', '书记联系电话'],
      kind: 'phone',
      hint: '催交评议表时拨打，如 0791-86395435 或 13807910000',
    },
    {
      key: 'secretaryEmail',
      header: '书记邮箱',
      synonyms: ['书记电子邮箱', '电子邮箱', '邮箱'],
      kind: 'email',
      width: 26,
      hint: '本党组织的报告和评议结果发到这个邮箱，如 dangzhibu@example.org',
    },
    {
      key: 'contact',
      header: '联系人',
      synonyms: ['联络人', '联系人姓名'],
      kind: 'name',
      hint: '经办评议表的同志，可不填',
    },
    { key: 'contactPhone', header: '联系人电话', synonyms: ['联系人手机', '联系电话'], kind: 'phone' },
    {
      key: 'contactEmail',
      header: '联系人邮箱',
      synonyms: ['联系人电子邮箱'],
      kind: 'email',
      width: 26,
      hint: '填写后，发给本党组织的邮件同时抄送联系人',
    },
    {
      key: 'region',
      header: '片区',
      synonyms: ['所属片区', '学区', '区域'],
      kind: 'text',
      hint: '所属片区或学区，如 城东片；用于分片统计和数据导出，可不填',
    },
  ],
};

export const ROSTER_MEMBERS: SheetSpec = {
  name: '党员',
  synonyms: ['党员名册'],
  columns: [
    {
      key: 'memberId',
      header: '党员编号',
      synonyms: ['编号'],
      kind: 'code',
      required: true,
      hint: '唯一编号，如 S01-001；一经使用不要更改',
    },
    { key: 'name', header: '姓名', synonyms: ['党员姓名'], kind: 'name', required: true },
    { key: 'sex', header: '性别', kind: 'choice', choices: () => ['男', '女'] },
    { key: 'birthDate', header: '出生日期', synonyms: ['出生年月'], kind: 'date', required: true },
    { key: 'joinDate', header: '入党日期', synonyms: ['入党时间'], kind: 'date' },
    {
      key: 'status',
      header: '党员类别',
      synonyms: ['党员身份', '类别'],
      kind: 'choice',
      required: true,
      choices: statuses,
    },
    {
      key: 'orgId',
      header: '所在党组织编号',
      synonyms: ['党组织编号', '支部编号', '组织编号'],
      kind: 'code',
      required: true,
    },
    { key: 'post', header: '职务或岗位', synonyms: ['职务', '岗位'], kind: 'text', width: 18 },
    { key: 'partyWorker', header: '党务工作者', synonyms: ['是否党务工作者'], kind: 'yesNo' },
  ],
};

export const ROSTER_SANCTIONS: SheetSpec = {
  name: '处分',
  synonyms: ['处分记录', '纪律处分'],
  columns: [
    { key: 'memberId', header: '党员编号', synonyms: ['编号'], kind: 'code', required: true },
    { key: 'name', header: '姓名', kind: 'name' },
    {
      key: 'period',
      header: '评议期',
      synonyms: ['所属评议期'],
      kind: 'text',
      required: true,
      hint: '如 2011H1（2011年上半年）',
    },
    {
      key: 'sanction',
      header: '处分类型',
      synonyms: ['处分'],
      kind: 'choice',
      required: true,
      choices: (s) => s.sanctions,
    },
    { key: 'date', header: '处分日期', kind: 'date' },
    { key: 'note', header: '备注', kind: 'longText', width: 30 },
  ],
};

// ---- Branch workbook (filled by each Party organization) ----

export const SELF_ASSESSMENT: SheetSpec = {
  name: '支部自评',
  synonyms: ['自评', '自评表'],
  columns: [
    { key: 'dimension', header: '考核项目', synonyms: ['维度', '项目'], kind: 'text', prefilled: true, width: 12 },
    {
      key: 'itemKey',
      header: '序号',
      synonyms: ['编号', '细则编号'],
      kind: 'code',
      prefilled: true,
      required: true,
      width: 6,
    },
    { key: 'text', header: '考核内容', synonyms: ['考核细则', '内容'], kind: 'longText', prefilled: true, width: 48 },
    { key: 'max', header: '分值', synonyms: ['满分', '标准分'], kind: 'points', prefilled: true, width: 6 },
    {
      key: 'points',
      header: '自评得分',
      synonyms: ['得分', '自评分'],
      kind: 'points',
      required: true,
      hint: '0 到该项分值之间，可填 0.5 分',
    },
    { key: 'note', header: '扣分说明', synonyms: ['扣分原因', '说明'], kind: 'longText', width: 30 },
  ],
};

export const BALLOT_ROUNDS: SheetSpec = {
  name: '评议票数',
  synonyms: ['票数统计', '投票情况'],
  columns: [
    { key: 'round', header: '评议类型', synonyms: ['类型'], kind: 'text', prefilled: true, required: true, width: 14 },
    {
      key: 'category',
      header: '评议人类别',
      synonyms: ['评议人', '类别'],
      kind: 'text',
      prefilled: true,
      required: true,
    },
    {
      key: 'eligible',
      header: '应参加人数',
      synonyms: ['应到人数'],
      kind: 'count',
      required: true,
      hint: '应当参加评议的人数',
    },
    { key: 'issued', header: '发出票数', synonyms: ['发票数'], kind: 'count', required: true },
    {
      key: 'returned',
      header: '收回票数',
      synonyms: ['回收票数', '收票数'],
      kind: 'count',
      required: true,
      hint: '不能多于发出票数',
    },
    { key: 'date', header: '评议日期', kind: 'date' },
  ],
};

/** Which ballot round a row of 评议票数 describes. */
export const ROUNDS = { democraticReview: '民主评议党员', satisfaction: '群众满意度测评' } as const;

export function tallySheet(scheme: Scheme): SheetSpec {
  return {
    name: '民主评议计票',
    synonyms: ['计票表', '民主评议'],
    columns: [
      {
        key: 'category',
        header: '评议人类别',
        synonyms: ['评议人', '类别'],
        kind: 'choice',
        prefilled: true,
        required: true,
        choices: memberCategories,
      },
      memberId,
      memberName,
      ...scheme.member.grades.map((g): ColumnSpec => ({
        key: `grade_${g.key}`,
        header: g.label,
        synonyms: g.synonyms,
        kind: 'count',
        hint: `评为“${g.label}”的票数`,
      })),
      { key: 'total', header: '合计', kind: 'formula' },
    ],
  };
}

export function ballotSheet(scheme: Scheme): SheetSpec {
  return {
    name: '民主评议票',
    synonyms: ['电子票', '评议票明细'],
    columns: [
      {
        key: 'ballotId',
        header: '票号',
        synonyms: ['选票编号'],
        kind: 'code',
        required: true,
        hint: '同一张票上对各党员的评价用同一票号',
      },
      {
        key: 'category',
        header: '评议人类别',
        synonyms: ['评议人', '类别'],
        kind: 'choice',
        required: true,
        choices: memberCategories,
      },
      { ...memberId, prefilled: false },
      { ...memberName, prefilled: false, required: false },
      {
        key: 'grade',
        header: '总体评价',
        synonyms: ['评价', '等次'],
        kind: 'choice',
        required: true,
        choices: memberGrades,
      },
      ...scheme.member.dimensions.map((d): ColumnSpec => ({
        key: `dim_${d.key}`,
        header: d.label,
        kind: 'choice',
        choices: memberGrades,
        hint: '可不填',
      })),
    ],
  };
}

export function satisfactionSheet(scheme: Scheme): SheetSpec {
  return {
    name: '群众满意度',
    synonyms: ['满意度测评', '满意度'],
    columns: [
      {
        key: 'category',
        header: '评议人类别',
        synonyms: ['评议人', '类别'],
        kind: 'choice',
        prefilled: true,
        required: true,
        choices: satisfactionCategories,
      },
      ...scheme.org.satisfaction.grades.map((g): ColumnSpec => ({
        key: `grade_${g.key}`,
        header: g.label,
        synonyms: g.synonyms,
        kind: 'count',
        hint: `评为“${g.label}”的票数`,
      })),
      { key: 'total', header: '合计', kind: 'formula' },
    ],
  };
}

export const DAILY_RECORD: SheetSpec = {
  name: '日常量化',
  synonyms: ['日常量化考核', '日常考核'],
  columns: [
    memberId,
    memberName,
    { key: 'status', header: '党员类别', kind: 'choice', prefilled: true, choices: statuses },
    {
      key: 'score',
      header: '日常量化得分',
      synonyms: ['得分', '量化得分', '日常得分'],
      kind: 'score',
      required: true,
      hint: '0 到 100 分',
    },
    { key: 'note', header: '备注', kind: 'longText', width: 30 },
  ],
};

/** The 兑现 statuses as the forms offer them, in the scheme's fixed order. */
export const commitmentStatusChoices = (s: Scheme) =>
  COMMITMENT_STATUS_KEYS.map((key) => ({ key, ...s.commitments.statuses[key] }));

/** What an organization's commitment is about: one of the 五个好, or 实事 for the public. */
export const PUBLIC_WORKS = 'publicWorks';
export const orgCommitmentCategories = (s: Scheme) => [
  ...s.org.dimensions.map((d) => ({ key: d.key, label: d.label })),
  { key: PUBLIC_WORKS, label: s.commitments.publicWorks },
];

const commitmentContent: ColumnSpec = {
  key: 'content',
  header: '承诺内容',
  synonyms: ['承诺事项', '承诺'],
  kind: 'longText',
  required: true,
  width: 40,
};
const commitmentDeadline: ColumnSpec = {
  key: 'deadline',
  header: '承诺时限',
  synonyms: ['完成时限', '时限', '完成时间'],
  kind: 'date',
  hint: '计划完成的日期，如 2011-06-30',
};

/** 践诺 and 评诺: the columns both commitment sheets share. */
const commitmentFollowUp: ColumnSpec[] = [
  {
    key: 'status',
    header: '兑现情况',
    synonyms: ['是否兑现', '兑现状态', '是否践诺'],
    kind: 'choice',
    required: true,
    choices: (s) => commitmentStatusChoices(s).map((c) => c.label),
    hint: '本期末的兑现情况；未到期、顺延和未兑现的承诺转入下期评议表',
  },
  {
    key: 'explanation',
    header: '兑现情况说明',
    synonyms: ['说明', '备注', '未兑现原因'],
    kind: 'longText',
    width: 30,
    hint: '部分兑现、未兑现或顺延的，写明原因',
  },
  {
    key: 'rating',
    header: '评诺结果',
    synonyms: ['评诺', '评诺意见', '群众评价'],
    kind: 'choice',
    choices: (s) => s.commitments.ratings.map((r) => r.label),
    hint: '评诺时党员和群众的评价',
  },
  {
    key: 'reasonAccepted',
    header: '原因是否认可',
    synonyms: ['原因认可', '原因是否属实'],
    kind: 'yesNo',
    hint: '部分兑现或未兑现的，评诺时是否认可其原因（客观原因）',
  },
  {
    key: 'madeIn',
    header: '承诺期',
    synonyms: ['作出承诺的评议期', '承诺评议期'],
    kind: 'text',
    hint: '上期转来的承诺由系统填写；本期新作的承诺不填',
  },
];

/** The organization's own commitments (its 承诺书), carried over while not kept. */
export const ORG_COMMITMENTS: SheetSpec = {
  name: '党组织承诺',
  synonyms: ['组织承诺', '承诺书'],
  columns: [
    {
      key: 'category',
      header: '承诺类别',
      synonyms: ['类别', '承诺方面'],
      kind: 'choice',
      choices: (s) => orgCommitmentCategories(s).map((c) => c.label),
      hint: '“五个好”中的一项，或为群众办实事',
    },
    commitmentContent,
    commitmentDeadline,
    { key: 'responsible', header: '责任人', synonyms: ['负责人'], kind: 'name' },
    ...commitmentFollowUp,
  ],
};

/** Each member's commitments, one row each; a member may have several. */
export const MEMBER_COMMITMENTS: SheetSpec = {
  name: '党员承诺',
  synonyms: ['公开承诺', '承诺践诺'],
  columns: [
    memberId,
    memberName,
    {
      key: 'aspect',
      header: '承诺方面',
      synonyms: ['承诺类别', '类别'],
      kind: 'choice',
      choices: modelLabels,
      hint: '“五个模范”中的一项，可不填',
    },
    commitmentContent,
    commitmentDeadline,
    ...commitmentFollowUp,
  ],
};

/** 结对子 (the branch with a young member) and 一带一 (a member-teacher with a young one). */
export const PAIR_KINDS: { key: 'branchPair' | 'oneOnOne'; label: string; synonyms: string[] }[] = [
  { key: 'branchPair', label: '结对子', synonyms: ['支部结对'] },
  { key: 'oneOnOne', label: '一带一', synonyms: ['一帮一', '师徒结对', '传帮带'] },
];

export const MEMBER_PAIRS: SheetSpec = {
  name: '结对子',
  synonyms: ['结对', '一带一', '结对帮带'],
  columns: [
    {
      key: 'kind',
      header: '结对形式',
      synonyms: ['形式'],
      kind: 'choice',
      choices: () => PAIR_KINDS.map((k) => k.label),
      hint: '结对子：党支部（由支委）与青年党员结对；一带一：优秀党员教师带青年党员教师',
    },
    {
      key: 'mentorId',
      header: '导师编号',
      synonyms: ['导师党员编号', '带教党员编号'],
      kind: 'code',
      required: true,
      hint: '带教的党员（名册中的党员编号）',
    },
    { key: 'mentorName', header: '导师姓名', synonyms: ['导师', '带教党员'], kind: 'name' },
    {
      key: 'menteeId',
      header: '青年党员编号',
      synonyms: ['被带教党员编号'],
      kind: 'code',
      required: true,
      hint: '本组织 35 岁以下的青年党员',
    },
    { key: 'menteeName', header: '青年党员姓名', synonyms: ['青年党员', '被带教党员'], kind: 'name' },
    { key: 'since', header: '结对时间', synonyms: ['结对日期', '开始时间'], kind: 'date' },
    {
      key: 'activity',
      header: '本期结对活动',
      synonyms: ['结对活动', '帮带内容', '活动情况'],
      kind: 'longText',
      width: 44,
      hint: '本期听课、指导、谈心等做了什么',
    },
  ],
};

/** Comments written on the satisfaction ballots, typed in without names: shown anonymised. */
export const PUBLIC_COMMENTS: SheetSpec = {
  name: '意见建议',
  synonyms: ['群众意见', '意见和建议'],
  columns: [
    {
      key: 'category',
      header: '评议人类别',
      synonyms: ['评议人', '类别'],
      kind: 'choice',
      choices: (s) => s.org.satisfaction.raterCategories.map((c) => c.label),
    },
    {
      key: 'comment',
      header: '意见建议',
      synonyms: ['意见', '建议', '内容'],
      kind: 'longText',
      required: true,
      width: 70,
      hint: '照录测评票上的意见建议，不写评议人姓名',
    },
  ],
};

// ---- Bureau workbook (上级考评 and 领导点评 of every organization) ----

export const BUREAU_REVIEW: SheetSpec = {
  name: '上级考评',
  synonyms: ['考评', '上级考评表'],
  columns: [
    orgId,
    orgName,
    ...['dimension', 'itemKey', 'text', 'max'].map((k) => column(SELF_ASSESSMENT, k)),
    { ...column(SELF_ASSESSMENT, 'points'), header: '考评得分', synonyms: ['得分', '考评分'] },
    column(SELF_ASSESSMENT, 'note'),
  ],
};

export const REVIEW_COMMENTS: SheetSpec = {
  name: '领导点评',
  synonyms: ['点评', '点评意见'],
  columns: [
    orgId,
    orgName,
    { key: 'strengths', header: '主要成绩', synonyms: ['成绩', '优点'], kind: 'longText', width: 40 },
    { key: 'problems', header: '存在问题', synonyms: ['问题', '不足'], kind: 'longText', width: 40 },
    { key: 'direction', header: '努力方向', synonyms: ['方向', '建议'], kind: 'longText', width: 40 },
    { key: 'reviewer', header: '点评人', kind: 'name' },
  ],
};

/** 领导点评 of members: on the bureau's form, or on each branch's (the secretary's), per scheme. */
export const MEMBER_COMMENTS: SheetSpec = {
  name: '党员点评',
  synonyms: ['点评党员', '党员点评意见'],
  onlyWhen: '默认在上级考评表中；评议方案 memberComments.collectedOn 为 branch 时改在党组织评议表中（支部书记点评）',
  columns: [
    orgName,
    memberId,
    memberName,
    { key: 'strengths', header: '主要成绩', synonyms: ['成绩', '优点'], kind: 'longText', width: 34 },
    { key: 'problems', header: '存在不足', synonyms: ['不足', '存在问题', '问题'], kind: 'longText', width: 34 },
    { key: 'direction', header: '努力方向', synonyms: ['方向', '建议'], kind: 'longText', width: 34 },
    { key: 'reviewer', header: '点评人', kind: 'name' },
  ],
};

/** The five models per member on the paper tally: one row per rater category, member and model. */
export function modelTallySheet(scheme: Scheme): SheetSpec {
  const tally = tallySheet(scheme);
  const [category, id, name, ...counts] = tally.columns;
  return {
    name: '五个模范计票',
    synonyms: ['五个模范评议计票', '五个模范'],
    onlyWhen: '评议方案 member.fiveModels.onTally 为 true 时才有',
    columns: [
      category!,
      id!,
      name!,
      {
        key: 'dimension',
        header: '评议项目',
        synonyms: ['模范', '五个模范'],
        kind: 'choice',
        prefilled: true,
        required: true,
        choices: modelLabels,
      },
      ...counts,
    ],
  };
}

// ---- Awards: proposals from below, a 党总支's endorsement, the committee's decision ----

const award: ColumnSpec = {
  key: 'award',
  header: '奖项',
  synonyms: ['推荐奖项', '评选项目'],
  kind: 'choice',
  required: true,
  choices: awardLabels,
};
const candidateId: ColumnSpec = {
  key: 'candidateId',
  header: '候选人编号',
  synonyms: ['党员编号或组织编号', '编号'],
  kind: 'code',
  required: true,
  hint: '优秀共产党员、优秀党务工作者填党员编号；先进基层党组织填组织编号',
};
const candidateName: ColumnSpec = { key: 'name', header: '候选人', synonyms: ['姓名或名称', '姓名'], kind: 'name' };
const opinion: ColumnSpec = {
  key: 'opinion',
  header: '意见',
  synonyms: ['审核意见', '审定意见'],
  kind: 'choice',
  required: true,
  choices: () => [AGREE.yes, AGREE.no],
};

export const AWARD_PROPOSALS: SheetSpec = {
  name: '推荐',
  synonyms: ['评先推荐', '推荐表'],
  columns: [
    award,
    candidateId,
    candidateName,
    {
      key: 'partyRole',
      header: '党内职务',
      synonyms: ['党内职务或党务岗位'],
      kind: 'text',
      hint: '推荐优秀党务工作者时必填',
    },
    {
      key: 'partyWork',
      header: '党务工作情况',
      synonyms: ['党务工作'],
      kind: 'longText',
      width: 36,
      hint: '推荐优秀党务工作者时必填：承担的党务工作和成效',
    },
    {
      key: 'narrative',
      header: '推荐理由和主要事迹',
      synonyms: ['主要事迹', '事迹材料', '推荐理由'],
      kind: 'longText',
      required: true,
      width: 60,
    },
    {
      key: 'meetingDate',
      header: '党员大会日期',
      synonyms: ['支部大会日期', '推荐会议日期'],
      kind: 'date',
      required: true,
      hint: '经党员大会讨论推荐的日期',
    },
  ],
};

/** On a 党总支's form: its opinion on each of its branches' proposals. */
export const AWARD_ENDORSEMENTS: SheetSpec = {
  name: '推荐审核',
  synonyms: ['党总支审核', '推荐审核意见'],
  columns: [
    { ...orgId, header: '推荐党支部编号', synonyms: ['支部编号', '党支部编号'], prefilled: false },
    award,
    candidateId,
    candidateName,
    { ...opinion, header: '党总支意见', synonyms: ['意见', '审核意见'] },
    { key: 'note', header: '说明', synonyms: ['理由', '备注'], kind: 'longText', width: 30 },
  ],
};

/** The committee's decision on each candidate (评先选优审定表). */
export const AWARD_DECISIONS: SheetSpec = {
  name: '审定',
  synonyms: ['审定意见', '党委审定'],
  columns: [
    award,
    candidateId,
    candidateName,
    { ...opinion, header: '党委意见', synonyms: ['意见', '审定意见'] },
    { key: 'reason', header: '理由', synonyms: ['说明', '不同意的理由'], kind: 'longText', width: 36 },
  ],
};

/** The 表彰决定 (or 推荐) document: its 文号 and date. */
export const AWARD_DOCUMENT: SheetSpec = {
  name: '表彰决定',
  synonyms: ['决定文件', '推荐文件'],
  columns: [
    { key: 'docNo', header: '文号', synonyms: ['发文字号'], kind: 'text', required: true, width: 24 },
    { key: 'docDate', header: '成文日期', synonyms: ['决定日期', '日期'], kind: 'date', required: true },
    { key: 'meetingDate', header: '党委会日期', synonyms: ['会议日期'], kind: 'date' },
  ],
};

export const DECISION_SHEETS: SheetSpec[] = [AWARD_DECISIONS, AWARD_DOCUMENT];

export function branchSheets(scheme: Scheme): SheetSpec[] {
  return [
    SELF_ASSESSMENT,
    BALLOT_ROUNDS,
    tallySheet(scheme),
    ...(scheme.member.fiveModels.onTally ? [modelTallySheet(scheme)] : []),
    ballotSheet(scheme),
    satisfactionSheet(scheme),
    PUBLIC_COMMENTS,
    DAILY_RECORD,
    ORG_COMMITMENTS,
    MEMBER_COMMITMENTS,
    MEMBER_PAIRS,
    ...(scheme.memberComments.collectedOn === 'branch' ? [MEMBER_COMMENTS] : []),
    AWARD_PROPOSALS,
    AWARD_ENDORSEMENTS,
  ];
}

export const ROSTER_SHEETS: SheetSpec[] = [ROSTER_ORGS, ROSTER_MEMBERS, ROSTER_SANCTIONS];

export function bureauSheets(scheme: Scheme): SheetSpec[] {
  return [BUREAU_REVIEW, REVIEW_COMMENTS, ...(scheme.memberComments.collectedOn === 'bureau' ? [MEMBER_COMMENTS] : [])];
}

export function column(sheet: SheetSpec, key: string): ColumnSpec {
  const c = sheet.columns.find((col) => col.key === key);
  if (!c) throw new Error(`layout: sheet ${sheet.name} has no column ${key}`);
  return c;
}
