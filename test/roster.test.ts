import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildRosterWorkbook } from '../src/forms/roster-form.ts';
import { formatProblem } from '../src/contract/problem.ts';
import { readRoster, readRosterFile } from '../src/ingest/roster.ts';
import type { Roster } from '../src/contract/roster.ts';
import { ExcelJSBook } from './exceljs-book.ts';
import { headerColumn, scheme, sheet } from './helpers.ts';

const noContacts = {
  secretaryPhone: null,
  secretaryEmail: null,
  contact: null,
  contactPhone: null,
  contactEmail: null,
};

const small: Roster = {
  orgs: [
    {
      orgId: 'Z01',
      name: '育才中学党总支',
      level: '党总支',
      type: '中学',
      parentId: null,
      secretary: '王明',
      ...noContacts,
      region: '城东片',
    },
    {
      orgId: 'Z01A',
      name: '育才中学初中部党支部',
      level: '党支部',
      type: '中学',
      parentId: 'Z01',
      secretary: '王明',
      secretaryPhone: '13907910001',
      secretaryEmail: 'wangming@example.org',
      contact: '陈雪',
      contactPhone: '0791-86395435',
      contactEmail: 'chenxue@example.org',
      region: '城东片',
    },
    {
      orgId: 'X01',
      name: '实验小学党支部',
      level: '党支部',
      type: '小学',
      parentId: null,
      secretary: '李芳',
      ...noContacts,
      region: null,
    },
  ],
  members: [
    {
      memberId: 'Z01A-001',
      name: '王明',
      sex: '男',
      birthDate: new Date(Date.UTC(1970, 1, 3)),
      joinDate: new Date(Date.UTC(1995, 6, 1)),
      status: 'full',
      orgId: 'Z01A',
      post: '书记',
      partyWorker: true,
    },
    {
      memberId: 'X01-001',
      name: '李芳',
      sex: '女',
      birthDate: new Date(Date.UTC(1984, 4, 5)),
      joinDate: new Date(Date.UTC(2010, 9, 1)),
      status: 'probationary',
      orgId: 'X01',
      post: '教师',
      partyWorker: false,
    },
    {
      memberId: 'X01-002',
      name: '赵静',
      sex: '女',
      birthDate: new Date(Date.UTC(1980, 4, 5)),
      joinDate: null,
      status: 'full',
      orgId: 'X01',
      post: null,
      partyWorker: false,
    },
  ],
  sanctions: [{ memberId: 'X01-002', period: '2011H1', sanction: '警告', date: null, note: null }],
};

async function rosterWorkbook(edit?: (wb: ExcelJS.Workbook) => void): Promise<ExcelJS.Workbook> {
  const wb = await buildRosterWorkbook(scheme, new Date(), small);
  edit?.(wb);
  return wb;
}

function set(wb: ExcelJS.Workbook, sheetName: string, row: number, header: string, value: ExcelJS.CellValue): void {
  const ws = sheet(wb, sheetName);
  ws.getCell(row, headerColumn(ws, header)).value = value;
}

describe('reading the roster', () => {
  it('reads back what the roster writer wrote', async () => {
    const { roster, problems } = readRoster(new ExcelJSBook(await rosterWorkbook()), 'roster.xlsx', scheme);
    expect(problems).toEqual([]);
    expect(roster).toEqual(small);
  });

  it('reads the shipped sample roster without problems', async () => {
    const { roster, problems } = await readRosterFile('input/党组织和党员名册.xlsx', scheme);
    expect(problems).toEqual([]);
    expect(roster.orgs).toHaveLength(14);
    expect(roster.members.length).toBeGreaterThan(200);
  });

  it('normalises what people type: spaces in names, 正式 for 正式党员, √ for yes, dates as text', async () => {
    const wb = await rosterWorkbook((wb) => {
      set(wb, '党员', 4, '姓名', '王 明');
      set(wb, '党员', 4, '党员类别', '正式');
      set(wb, '党员', 4, '党务工作者', '√');
      set(wb, '党员', 4, '出生日期', '1970年2月3日');
      set(wb, '党员', 4, '所在党组织编号', ' z01a ');
    });
    const { roster, problems } = readRoster(new ExcelJSBook(wb), 'roster.xlsx', scheme);
    expect(problems).toEqual([]);
    expect(roster.members[0]).toEqual(small.members[0]);
  });

  it('rejects bad rows with the cell and a Chinese reason, and keeps the rest', async () => {
    const wb = await rosterWorkbook((wb) => {
      set(wb, '党员', 5, '出生日期', '1984-13-05');
      set(wb, '党员', 6, '所在党组织编号', 'X09');
      set(wb, '党员', 7, '党员编号', 'X01-001');
      set(wb, '党员', 7, '姓名', '重复');
      set(wb, '党员', 7, '出生日期', '1990-1-1');
      set(wb, '党员', 7, '党员类别', '正式党员');
      set(wb, '党员', 7, '所在党组织编号', 'Z01A');
      set(wb, '组织', 6, '单位类型', '大学');
    });
    const { roster, problems } = readRoster(new ExcelJSBook(wb), 'roster.xlsx', scheme);
    expect(problems.map(formatProblem)).toEqual([
      '错误：roster.xlsx，工作表“组织”，单元格 D6（填写的是“大学”）：“单位类型”应为 机关、中学、小学、九年一贯制学校、幼儿园、职业学校、其他 之一',
      '错误：roster.xlsx，工作表“党员”，单元格 D5（填写的是“1984-13-05”）：“出生日期”日期不存在',
      '错误：roster.xlsx，工作表“党员”，单元格 G5（填写的是“X01”）：“所在党组织编号”“X01”在“组织”表中的那一行有错误（见上），本行暂未采用',
      '错误：roster.xlsx，工作表“党员”，单元格 G6（填写的是“X09”）：“所在党组织编号”“X09”不在“组织”表中',
      '错误：roster.xlsx，工作表“党员”，单元格 A7（填写的是“X01-001”）：“党员编号”重复：“X01-001”已在前面出现，本行未采用',
      '错误：roster.xlsx，工作表“处分”，单元格 A4（填写的是“X01-002”）：“党员编号”“X01-002”在“党员”表中的那一行有错误（见上），本行暂未采用',
    ]);
    expect(roster.orgs.map((o) => o.orgId)).toEqual(['Z01', 'Z01A']);
    expect(roster.members.map((m) => m.memberId)).toEqual(['Z01A-001']);
  });

  it('reads a roster made before the 片区 column: every organization without a region', async () => {
    const wb = await rosterWorkbook((wb) => {
      const ws = sheet(wb, '组织');
      ws.spliceColumns(headerColumn(ws, '片区'), 1);
    });
    const { roster, problems } = readRoster(new ExcelJSBook(wb), 'roster.xlsx', scheme);
    expect(problems).toEqual([]);
    expect(roster.orgs).toEqual(small.orgs.map((o) => ({ ...o, region: null })));
  });

  it('reads the region under another header people use (学区), each row its own', async () => {
    const wb = await rosterWorkbook((wb) => {
      set(wb, '组织', 3, '片区', '学区');
      set(wb, '组织', 6, '学区', ' 城西片 ');
    });
    const { roster, problems } = readRoster(new ExcelJSBook(wb), 'roster.xlsx', scheme);
    expect(problems).toEqual([]);
    expect(roster.orgs.map((o) => o.region)).toEqual(['城东片', '城东片', '城西片']);
  });

  it('reads contacts as people type them: full-width characters, mailto:, a phone typed as a number', async () => {
    const wb = await rosterWorkbook((wb) => {
      set(wb, '组织', 4, '书记邮箱', ' ｗａｎｇｍｉｎｇ＠Example.ORG ');
      set(wb, '组织', 4, '联系人邮箱', 'mailto:chenxue@example.org');
      set(wb, '组织', 4, '书记电话', 13907910001);
      set(wb, '组织', 4, '联系人电话', '０７９１－８６３９５４３５');
    });
    const { roster, problems } = readRoster(new ExcelJSBook(wb), 'roster.xlsx', scheme);
    expect(problems).toEqual([]);
    expect(roster.orgs[1]).toEqual(small.orgs[1]);
  });

  it('reports a malformed e-mail or phone at its cell and keeps the organization without it', async () => {
    const wb = await rosterWorkbook((wb) => {
      set(wb, '组织', 5, '书记邮箱', 'wangming@example');
      set(wb, '组织', 5, '联系人邮箱', '陈雪 chenxue@example.org');
      set(wb, '组织', 6, '书记电话', '8639543');
      set(wb, '组织', 6, '联系人电话', '0791-8639转5435');
    });
    const { roster, problems } = readRoster(new ExcelJSBook(wb), 'roster.xlsx', scheme);
    expect(problems.map(formatProblem)).toEqual([
      '提醒：roster.xlsx，工作表“组织”，单元格 H5（填写的是“wangming@example”）：“书记邮箱”应为一个电子邮箱地址，如 dangzhibu@example.org；本格未采用，其余照常',
      '提醒：roster.xlsx，工作表“组织”，单元格 K5（填写的是“陈雪 chenxue@example.org”）：“联系人邮箱”应为一个电子邮箱地址，如 dangzhibu@example.org；本格未采用，其余照常',
      '提醒：roster.xlsx，工作表“组织”，单元格 J6（填写的是“0791-8639转5435”）：“联系人电话”应只含数字（可用“-”或空格分隔），7 到 15 位，如 0791-86395435 或 13807910000；本格未采用，其余照常',
    ]);
    expect(roster.orgs.map((o) => o.orgId)).toEqual(['Z01', 'Z01A', 'X01']);
    expect(roster.orgs[1]).toMatchObject({ secretaryEmail: null, contactEmail: null, contactPhone: '0791-86395435' });
    expect(roster.orgs[2]).toMatchObject({ secretaryPhone: '8639543', contactPhone: null });
  });

  it('gives every sample organization a secretary phone and, but for one kindergarten, a fake e-mail address', async () => {
    const { roster } = await readRosterFile('input/党组织和党员名册.xlsx', scheme);
    expect(roster.orgs.every((o) => o.secretaryPhone && /^1\d{10}$/.test(o.secretaryPhone))).toBe(true);
    expect(roster.orgs.filter((o) => !o.secretaryEmail).map((o) => o.orgId)).toEqual(['Y02']);
    expect(roster.orgs.every((o) => !o.secretaryEmail || o.secretaryEmail.endsWith('@example.org'))).toBe(true);
  });

  it('breaks a loop in the organization tree and says so', async () => {
    const wb = await rosterWorkbook((wb) => set(wb, '组织', 4, '上级组织编号', 'Z01A'));
    const { roster, problems } = readRoster(new ExcelJSBook(wb), 'roster.xlsx', scheme);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('上级组织形成了循环')]);
    expect(roster.orgs.find((o) => o.orgId === 'Z01')?.parentId).toBeNull();
  });

  it('finds the header below extra title rows and under a synonym', async () => {
    const wb = await rosterWorkbook((wb) => {
      const ws = sheet(wb, '党员');
      ws.spliceRows(1, 0, ['东湖区教科体系统党员花名册'], []);
      ws.getCell(5, headerColumn(ws, '职务或岗位', 5)).value = '职务';
    });
    const { roster, problems } = readRoster(new ExcelJSBook(wb), 'roster.xlsx', scheme);
    expect(problems).toEqual([]);
    expect(roster.members).toHaveLength(3);
  });

  it('names the missing required columns', async () => {
    const wb = await rosterWorkbook((wb) => set(wb, '党员', 3, '出生日期', '生日'));
    const { problems } = readRoster(new ExcelJSBook(wb), 'roster.xlsx', scheme);
    expect(problems.map(formatProblem)).toContain('错误：roster.xlsx，工作表“党员”：表头缺少必填列：出生日期');
  });
});
