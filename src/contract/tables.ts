// The database schema, written once: the DDL, the appender calls, the TypeScript row
// types and docs/database.md are all derived from these table definitions.
type SqlType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'DATE' | 'TIMESTAMP' | 'BOOLEAN';

interface ColumnDef {
  type: SqlType;
  nullable?: true;
  doc: string;
}

type TableDef = { doc: string; columns: Record<string, ColumnDef> };

const col = <T extends SqlType>(type: T, doc: string) => ({ type, doc });
const opt = <T extends SqlType>(type: T, doc: string) => ({ type, doc, nullable: true as const });

/** Where a record came from: its submission, and the sheet and row in that file. */
const provenance = {
  submission_id: col('INTEGER', '来源文件（submission）'),
  sheet: col('VARCHAR', '工作表名'),
  row_no: col('INTEGER', '行号'),
};
const scope = {
  period: col('VARCHAR', '评议期，如 2011H1'),
  org_id: col('VARCHAR', '党组织编号'),
};

/** The committee's own records: no organization, so that the current_* views treat them alike. */
const committee = {
  period: col('VARCHAR', '评议期'),
  org_id: col('VARCHAR', '空字符串（局党委）'),
};

/** The files read and the problems found in them. */
const FILE_TABLES = {
  submission: {
    doc: '每个读入过的文件（按内容 SHA-256 区分）；历史版本都保留',
    columns: {
      submission_id: col('INTEGER', '编号'),
      sha256: col('VARCHAR', '文件内容的 SHA-256'),
      path: col('VARCHAR', '相对 input 文件夹的路径（最近一次看到时）'),
      kind: col(
        'VARCHAR',
        'roster 名册 / branch 党组织评议表 / bureau 上级考评表 / decision 评先选优审定表 / csv 单表',
      ),
      period: opt('VARCHAR', '评议期'),
      org_id: opt('VARCHAR', '党组织编号（党组织评议表）'),
      recognized_by: col('VARCHAR', 'metadata 表单信息 / signature 表名和表头'),
      fill_date: opt('DATE', '填表日期'),
      fill_by: opt('VARCHAR', '填表人'),
      phone: opt('VARCHAR', '联系电话'),
      file_size: col('BIGINT', '字节数'),
      file_mtime: col('TIMESTAMP', '文件修改时间（最近一次看到时）'),
      first_seen: opt('TIMESTAMP', 'pingyi 第一次读到这份内容的时间，重新读入时保留；空：早于结构版本 4 读入'),
      context_hash: col('VARCHAR', '读入时所用名册、评议方案和读入程序的指纹；任一变化后重新读入'),
      ingested_at: col('TIMESTAMP', '读入时间'),
      present: col('BOOLEAN', '文件当前仍在 input 文件夹中'),
      usable: col('BOOLEAN', '文件可用（没有整份文件级的错误）'),
      rows_read: col('INTEGER', '读到的数据行'),
      rows_accepted: col('INTEGER', '采用的行'),
      rows_rejected: col('INTEGER', '拒收的行'),
    },
  },
  problem: {
    doc: '拒收的行、文件和提醒；scope=file 属于某个文件，scope=scan 是跨文件的（每次运行重算）',
    columns: {
      submission_id: opt('INTEGER', '所属文件'),
      scope: col('VARCHAR', 'file / scan'),
      path: col('VARCHAR', '文件'),
      sheet: opt('VARCHAR', '工作表'),
      cell: opt('VARCHAR', '单元格或行号'),
      value: opt('VARCHAR', '单元格内容'),
      severity: col('VARCHAR', 'error 错误（拒收）/ warning 提醒（保留）'),
      message: col('VARCHAR', '原因'),
    },
  },
} as const satisfies Record<string, TableDef>;

/** What both levels of 公开承诺 record: 承诺, its 时限, 践诺 (兑现) and 评诺. */
const commitment = (categoryDoc: string) => ({
  category: opt('VARCHAR', categoryDoc),
  content: col('VARCHAR', '承诺内容'),
  deadline: opt('DATE', '承诺时限'),
  status: col('VARCHAR', 'kept 已兑现 / partial 部分兑现 / unkept 未兑现 / postponed 顺延 / notDue 未到期'),
  explanation: opt('VARCHAR', '兑现情况说明'),
  rating: opt('VARCHAR', '评诺结果 key'),
  reason_accepted: opt('BOOLEAN', '部分兑现或未兑现的原因是否认可'),
  made_in: col('VARCHAR', '作出承诺的评议期；早于本期的是上期转来的'),
});

/** Records read from forms, each with its provenance; every one has a current_* view. */
const RECORD_TABLE_DEFS = {
  roster_org: {
    doc: '名册：党组织',
    columns: {
      ...provenance,
      org_id: col('VARCHAR', '组织编号'),
      name: col('VARCHAR', '名称'),
      level: col('VARCHAR', '组织类别（党总支/党支部）'),
      type: col('VARCHAR', '单位类型'),
      parent_id: opt('VARCHAR', '上级组织编号'),
      secretary: opt('VARCHAR', '书记'),
      region: opt('VARCHAR', '片区（名册中可不填）'),
      // Added in version 5: a database made before gets them appended, so they stay last.
      secretary_phone: opt('VARCHAR', '书记电话'),
      secretary_email: opt('VARCHAR', '书记邮箱（本党组织的文件发到这里）'),
      contact: opt('VARCHAR', '联系人'),
      contact_phone: opt('VARCHAR', '联系人电话'),
      contact_email: opt('VARCHAR', '联系人邮箱（抄送）'),
    },
  },
  roster_member: {
    doc: '名册：党员',
    columns: {
      ...provenance,
      member_id: col('VARCHAR', '党员编号'),
      name: col('VARCHAR', '姓名'),
      sex: opt('VARCHAR', '性别'),
      birth_date: col('DATE', '出生日期'),
      join_date: opt('DATE', '入党日期'),
      status: col('VARCHAR', 'full 正式 / probationary 预备'),
      org_id: col('VARCHAR', '所在党组织编号'),
      post: opt('VARCHAR', '职务或岗位'),
      party_worker: col('BOOLEAN', '党务工作者'),
    },
  },
  roster_sanction: {
    doc: '名册：处分',
    columns: {
      ...provenance,
      member_id: col('VARCHAR', '党员编号'),
      period: col('VARCHAR', '评议期'),
      sanction: col('VARCHAR', '处分类型'),
      sanction_date: opt('DATE', '处分日期'),
      note: opt('VARCHAR', '备注'),
    },
  },
  self_assessment: {
    doc: '支部自评：每条考核细则的得分',
    columns: {
      ...provenance,
      ...scope,
      item_key: col('VARCHAR', '细则编号'),
      points: col('DOUBLE', '得分'),
      note: opt('VARCHAR', '扣分说明'),
    },
  },
  bureau_review: {
    doc: '上级考评：每个党组织每条考核细则的得分',
    columns: {
      ...provenance,
      ...scope,
      item_key: col('VARCHAR', '细则编号'),
      points: col('DOUBLE', '得分'),
      note: opt('VARCHAR', '扣分说明'),
    },
  },
  review_comment: {
    doc: '领导点评',
    columns: {
      ...provenance,
      ...scope,
      strengths: opt('VARCHAR', '主要成绩'),
      problems: opt('VARCHAR', '存在问题'),
      direction: opt('VARCHAR', '努力方向'),
      reviewer: opt('VARCHAR', '点评人'),
    },
  },
  ballot_round: {
    doc: '评议票数：每轮评议每类评议人的应参加、发出、收回票数',
    columns: {
      ...provenance,
      ...scope,
      round: col('VARCHAR', 'democraticReview 民主评议党员 / satisfaction 群众满意度'),
      category: col('VARCHAR', '评议人类别 key'),
      eligible: opt('INTEGER', '应参加人数'),
      issued: opt('INTEGER', '发出票数'),
      returned: opt('INTEGER', '收回票数'),
      round_date: opt('DATE', '评议日期'),
    },
  },
  member_tally: {
    doc: '民主评议计票：每名党员每类评议人每个等次的票数',
    columns: {
      ...provenance,
      ...scope,
      member_id: col('VARCHAR', '党员编号'),
      category: col('VARCHAR', '评议人类别 key'),
      grade: col('VARCHAR', '等次 key'),
      votes: col('INTEGER', '票数'),
    },
  },
  member_ballot: {
    // One row per ballot and member, the five models in one column: six rows of a ballot (the
    // overall grade and each model) took a province's ingest most of its time to make and append,
    // and DuckDB's MAP and LIST values append several times slower than rows. 43_member_dimension_review unpivots it.
    doc: '民主评议票（电子）：每张票对每名党员的评价，grade 为总体评价，aspects 为五个模范各项',
    columns: {
      ...provenance,
      ...scope,
      ballot_id: col('VARCHAR', '票号'),
      category: col('VARCHAR', '评议人类别 key'),
      member_id: col('VARCHAR', '党员编号'),
      grade: col('VARCHAR', '总体评价的等次 key'),
      aspects: col('VARCHAR', '五个模范各项的等次：“模范 key=等次 key”，以分号相连，按方案的顺序；未评的项不写'),
    },
  },
  satisfaction_tally: {
    doc: '群众满意度：每类评议人每个满意等次的票数',
    columns: {
      ...provenance,
      ...scope,
      category: col('VARCHAR', '评议人类别 key'),
      grade: col('VARCHAR', '满意等次 key'),
      votes: col('INTEGER', '票数'),
    },
  },
  public_comment: {
    doc: '群众意见建议（匿名，照录测评票）',
    columns: {
      ...provenance,
      ...scope,
      category: opt('VARCHAR', '评议人类别 key'),
      comment: col('VARCHAR', '意见建议'),
    },
  },
  daily_record: {
    doc: '日常量化得分',
    columns: {
      ...provenance,
      ...scope,
      member_id: col('VARCHAR', '党员编号'),
      score: col('DOUBLE', '得分（百分制）'),
      note: opt('VARCHAR', '备注'),
    },
  },
  member_model_tally: {
    doc: '五个模范计票（纸质票，评议方案 member.fiveModels.onTally 打开时）：每名党员每类评议人每个模范每个等次的票数',
    columns: {
      ...provenance,
      ...scope,
      member_id: col('VARCHAR', '党员编号'),
      category: col('VARCHAR', '评议人类别 key'),
      dimension: col('VARCHAR', '五个模范的 key'),
      grade: col('VARCHAR', '等次 key'),
      votes: col('INTEGER', '票数'),
    },
  },
  org_commitment: {
    doc: '党组织承诺（承诺书）及兑现、评诺情况',
    columns: {
      ...provenance,
      ...scope,
      ...commitment('五个好的 key，或 publicWorks 为群众办实事'),
      responsible: opt('VARCHAR', '责任人'),
    },
  },
  member_commitment: {
    doc: '党员公开承诺及兑现、评诺情况；一名党员可有多条',
    columns: {
      ...provenance,
      ...scope,
      member_id: col('VARCHAR', '党员编号'),
      ...commitment('五个模范的 key'),
    },
  },
  member_comment: {
    doc: '领导点评（党员）：org_id 是党员所在的党组织',
    columns: {
      ...provenance,
      ...scope,
      member_id: col('VARCHAR', '党员编号'),
      strengths: opt('VARCHAR', '主要成绩'),
      problems: opt('VARCHAR', '存在不足'),
      direction: opt('VARCHAR', '努力方向'),
      reviewer: opt('VARCHAR', '点评人'),
    },
  },
  member_pair: {
    doc: '结对子、一带一：导师和青年党员，本期做了什么',
    columns: {
      ...provenance,
      ...scope,
      mentor_id: col('VARCHAR', '导师的党员编号'),
      mentee_id: col('VARCHAR', '青年党员的党员编号'),
      kind: opt('VARCHAR', 'branchPair 结对子 / oneOnOne 一带一'),
      since: opt('DATE', '结对时间'),
      activity: opt('VARCHAR', '本期结对活动'),
    },
  },
  award_proposal: {
    doc: '评先推荐：党组织经党员大会推荐的候选人（推荐表）',
    columns: {
      ...provenance,
      ...scope,
      award: col('VARCHAR', '奖项 advanced_org / excellent_member / party_worker'),
      candidate_id: col('VARCHAR', '候选人：党员编号或组织编号'),
      party_role: opt('VARCHAR', '党内职务（优秀党务工作者）'),
      party_work: opt('VARCHAR', '党务工作情况（优秀党务工作者）'),
      narrative: col('VARCHAR', '推荐理由和主要事迹'),
      meeting_date: col('DATE', '党员大会日期'),
    },
  },
  award_endorsement: {
    doc: '党总支对所属党支部推荐人选的审核意见；org_id 为党总支',
    columns: {
      ...provenance,
      ...scope,
      branch_id: col('VARCHAR', '推荐的党支部编号'),
      award: col('VARCHAR', '奖项 key'),
      candidate_id: col('VARCHAR', '候选人编号'),
      endorsed: col('BOOLEAN', '同意推荐'),
      note: opt('VARCHAR', '说明'),
    },
  },
  award_decision: {
    doc: '党委审定：对每名候选人同意或不同意（评先选优审定表）',
    columns: {
      ...provenance,
      ...committee,
      award: col('VARCHAR', '奖项 key'),
      candidate_id: col('VARCHAR', '候选人编号'),
      agreed: col('BOOLEAN', '同意'),
      reason: opt('VARCHAR', '理由'),
    },
  },
  award_document: {
    doc: '表彰决定（或推荐）文件的文号和日期',
    columns: {
      ...provenance,
      ...committee,
      doc_no: col('VARCHAR', '文号'),
      doc_date: col('DATE', '成文日期'),
      meeting_date: opt('DATE', '党委会日期'),
    },
  },
} as const satisfies Record<string, TableDef>;

/**
 * What the scoring models read besides the current records: the scheme as tables (so the SQL
 * takes every number from the scheme file) and the committee's decisions. Rewritten by each scoring.
 */
const SCORING_INPUT_DEFS = {
  scheme_award_round: {
    doc: '评议方案：评先日程，每期每个奖项一行（没有的评议期不评先）',
    columns: {
      period: col('VARCHAR', '评议期'),
      level: col('VARCHAR', 'commend 局党委表彰 / recommend 向上级推荐'),
      award: col('VARCHAR', '奖项 key'),
      places: col('INTEGER', '名额'),
      branch_places: opt('INTEGER', '每个党组织的推荐名额（空：按优秀共产党员比例）'),
    },
  },
  scheme_band: {
    doc: '评议方案：等次及其最低分',
    columns: {
      scale: col('VARCHAR', 'org 党组织 / member 党员'),
      label: col('VARCHAR', '等次名称'),
      min: col('DOUBLE', '最低分'),
      ord: col('INTEGER', '顺序'),
    },
  },
  scheme_category: {
    doc: '评议方案：评议人类别',
    columns: {
      scale: col('VARCHAR', 'satisfaction 群众满意度 / member 民主评议党员'),
      key: col('VARCHAR', '评议人类别 key'),
      label: col('VARCHAR', '名称'),
      weight: opt('DOUBLE', '类别权重（都不填时各类票数合并计算）'),
      min_ballots: col('INTEGER', '最少有效票数（不足时该类不计）'),
      required: opt('BOOLEAN', '结果须有该类的有效评议（否则党组织为数据不足、党员为待核实）；空：结构版本 5 以前写入'),
    },
  },
  scheme_dimension: {
    doc: '评议方案：五个好（党组织）和五个模范（党员）各项及分值',
    columns: {
      scale: col('VARCHAR', 'org 党组织 / member 党员'),
      key: col('VARCHAR', '维度 key'),
      label: col('VARCHAR', '名称'),
      points: col('DOUBLE', '分值'),
      ord: col('INTEGER', '顺序'),
    },
  },
  scheme_grade: {
    doc: '评议方案：满意度等次和党员评议等次',
    columns: {
      scale: col('VARCHAR', 'satisfaction 群众满意度 / member 民主评议党员'),
      key: col('VARCHAR', '等次 key'),
      label: col('VARCHAR', '名称'),
      value: opt('DOUBLE', '分值（空：记录但不计分，如“不了解”）'),
      ord: col('INTEGER', '顺序'),
      is_rate: col('BOOLEAN', '计入满意率'),
      is_trust: col('BOOLEAN', '计入信任率（一票否决）'),
      is_fail: col('BOOLEAN', '不合格等次（一票否决）'),
      is_excellent: col('BOOLEAN', '优秀等次（受比例限制）'),
    },
  },
  scheme_item: {
    doc: '评议方案：党组织考核细则及满分',
    columns: {
      dimension: col('VARCHAR', '所属维度 key'),
      item_key: col('VARCHAR', '细则编号'),
      max: col('DOUBLE', '满分'),
      ord: col('INTEGER', '维度内顺序'),
    },
  },
  scheme_param: {
    doc: '评议方案：权重、比例、名额等单个参数',
    columns: {
      key: col('VARCHAR', '参数，如 weights.org.self'),
      num: opt('DOUBLE', '数值（是/否记作 1/0）'),
      text: opt('VARCHAR', '文字值'),
    },
  },
  scheme_period_half: {
    doc: '评议方案：半年的名称',
    columns: {
      half: col('VARCHAR', 'H1 / H2'),
      label: col('VARCHAR', '名称，如 上半年'),
    },
  },
  scheme_tiebreak: {
    doc: '评议方案：总分相同时依次比较的分项',
    columns: {
      scale: col('VARCHAR', 'org 党组织 / member 党员'),
      pos: col('INTEGER', '比较顺序'),
      key: col('VARCHAR', '分项 key'),
    },
  },
  override: {
    doc: '调整决定（看票不唯票）：领导小组改变按规则得出的结果，来自 overrides.yaml',
    columns: {
      period: col('VARCHAR', '评议期'),
      target: col('VARCHAR', 'org 党组织 / member 党员'),
      id: col('VARCHAR', '组织编号或党员编号'),
      field: col('VARCHAR', 'band 等次 / eligible 能否评优'),
      value: col('VARCHAR', '调整后的值（eligible 为 true / false）'),
      decided_by: col('VARCHAR', '决定者'),
      decided_on: col('DATE', '决定日期'),
      reason: col('VARCHAR', '理由'),
    },
  },
} as const satisfies Record<string, TableDef>;

/** The last scoring, so that a build with nothing new keeps its results. */
const SCORE_RUN_DEF = {
  score_run: {
    doc: '最近一次评分：所依据内容的指纹；指纹不变时不再重新评分',
    columns: {
      inputs: col('VARCHAR', '评议方案、调整决定、评分程序和当前文件的指纹'),
      scored_at: col('TIMESTAMP', '评分时间'),
    },
  },
} as const satisfies Record<string, TableDef>;

/** What `pingyi send` delivered, so that a document is not sent twice with the same content. */
const DELIVERY_DEF = {
  delivery: {
    doc: '分发记录：每份文件每次发给谁（邮件或文件夹）、结果如何；同一收件人已成功收到内容相同（SHA-256 相同）的文件时不再发送',
    columns: {
      delivered_at: col('TIMESTAMP', '发送时间'),
      channel: col('VARCHAR', 'email 邮件 / folder 文件夹'),
      recipient: col('VARCHAR', '收件人邮箱，或写入的文件夹'),
      org_id: opt('VARCHAR', '党组织编号（发给领导的为空）'),
      period: col('VARCHAR', '评议期'),
      purpose: col('VARCHAR', 'org 本党组织的文件 / leaders 领导 / reminder 催交'),
      document: col('VARCHAR', '文件（相对输出文件夹的路径；催交为“催交:评议期”）'),
      sha256: col('VARCHAR', '文件内容的 SHA-256（催交为催交内容的指纹）'),
      bytes: col('BIGINT', '文件字节数'),
      message_id: opt('VARCHAR', '邮件的 Message-ID'),
      status: col('VARCHAR', 'delivered 已送达服务器 / failed 失败'),
      reply: opt('VARCHAR', '邮件服务器的答复或失败原因'),
    },
  },
} as const satisfies Record<string, TableDef>;

export const TABLES = {
  ...FILE_TABLES,
  ...RECORD_TABLE_DEFS,
  ...SCORING_INPUT_DEFS,
  ...SCORE_RUN_DEF,
  ...DELIVERY_DEF,
};

export type TableName = keyof typeof TABLES;
const namesOf = <T extends object>(defs: T) => Object.keys(defs) as (keyof T & TableName)[];

/** Tables of records read from forms. */
export const RECORD_TABLES = namesOf(RECORD_TABLE_DEFS);
export type RecordTable = (typeof RECORD_TABLES)[number];
/** The scheme_* tables and the override table: the scoring writes them, its models read them. */
export const SCORING_INPUT_TABLES = namesOf(SCORING_INPUT_DEFS);
export type ScoringInputTable = (typeof SCORING_INPUT_TABLES)[number];
export type SchemeTable = Extract<TableName, `scheme_${string}`>;

/** The tables in groups, as docs/database.md lists them. */
export const TABLE_GROUPS: { title: string; tables: TableName[] }[] = [
  { title: '文件与问题', tables: namesOf(FILE_TABLES) },
  { title: '读入的数据', tables: RECORD_TABLES },
  { title: '评分写入的表', tables: [...SCORING_INPUT_TABLES, ...namesOf(SCORE_RUN_DEF)] },
  { title: '分发', tables: namesOf(DELIVERY_DEF) },
];

type JsOf<T extends SqlType> = T extends 'VARCHAR'
  ? string
  : T extends 'DATE' | 'TIMESTAMP'
    ? Date
    : T extends 'BOOLEAN'
      ? boolean
      : number;
type ColumnValue<C> = C extends { type: infer T extends SqlType; nullable: true }
  ? JsOf<T> | null
  : C extends { type: infer T extends SqlType }
    ? JsOf<T>
    : never;

/** One row of a table, as TypeScript sees it. */
export type Row<T extends TableName> = {
  [K in keyof (typeof TABLES)[T]['columns']]: ColumnValue<(typeof TABLES)[T]['columns'][K]>;
};
/** A record as a reader produces it: the store adds the submission. */
export type NewRecord<T extends RecordTable> = Omit<Row<T>, 'submission_id'>;

export const SCHEMA_VERSION = 7;

export function createTableSql(name: TableName): string {
  const cols = Object.entries(TABLES[name].columns).map(
    ([c, def]) => `  ${c} ${def.type}${'nullable' in def ? '' : ' NOT NULL'}`,
  );
  return `CREATE TABLE IF NOT EXISTS ${name} (\n${cols.join(',\n')}\n)`;
}

export function columnsOf(name: TableName): [string, ColumnDef][] {
  return Object.entries(TABLES[name].columns);
}
