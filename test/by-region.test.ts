// A large system's lists of every organization and candidate, issued per 片区 (--by-region, the
// default above LARGE_SYSTEM_ORGANIZATIONS): the 总体情况报告's 附件2 and 3 and the 推荐情况汇总
// as one volume per 片区, each holding exactly its own organizations and candidates.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildSummary } from '../src/pipeline/build.ts';
import { regionsOf } from '../src/report/views/shared.ts';
import { Store } from '../src/store/db.ts';
import { tempDir } from './helpers.ts';

const P = '2011H1';
/** Without the line breaks and spaces pdftotext puts into running text and table cells. */
const flat = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

let out: string;
let summary: BuildSummary;
let store: Store;

beforeAll(async () => {
  const dir = await tempDir('pingyi-by-region-');
  out = join(dir, 'output');
  const db = join(dir, 'pingyi.duckdb');
  summary = await build(
    { input: 'input', output: out, db, periods: [P], byRegion: true, branchReports: false },
    { log: () => undefined },
  );
  store = await Store.open(db);
}, 600_000);
afterAll(() => store?.close());

const organizations = () =>
  store.rows<{ org_id: string; name: string; region: string }>(
    `SELECT o.org_id, o.name, coalesce(o.region, '未分片') AS region FROM org_result r JOIN current_roster_org o USING (org_id)
     WHERE r.period = $1 ORDER BY o.org_id`,
    [P],
  );

describe('the 总体情况报告 of a large system', () => {
  it('has one volume of 附件2 and 3 per 片区, each listing exactly the organizations of its 片区', async () => {
    expect(summary.render.byRegion).toBe(true);
    const orgs = await organizations();
    const regions = [...new Set(orgs.map((o) => o.region))];
    const volumes = summary.outputs.filter((e) => e.period === P && e.path.startsWith(`${P}/总体情况报告附件/`));
    expect(volumes.map((v) => v.path).sort()).toEqual(regions.map((r) => `${P}/总体情况报告附件/${r}.pdf`).sort());
    for (const v of volumes) {
      const region = v.path.slice(v.path.lastIndexOf('/') + 1, -'.pdf'.length);
      expect(v.kind).toBe('summary');
      expect(v.title).toBe(`关于2011年上半年创先争优活动评议情况的报告附件2、3（${region}）`);
      const text = flat(join(out, v.path));
      const own = orgs.filter((o) => o.region === region);
      expect(text).toContain(`附件2（${region}）`);
      expect(text).toContain(`${region}党组织${own.length}个`);
      // Each organization of the 片区 twice (附件2 and 附件3, and in the carried commitments), no other at all.
      for (const o of own) expect(text.split(o.name).length - 1).toBeGreaterThanOrEqual(2);
      for (const o of orgs.filter((x) => x.region !== region && !own.some((y) => y.name.includes(x.name))))
        expect(text).not.toContain(o.name);
    }
  });

  it('says in its 附件2 and 3 that they are issued in volumes, and lists no organization there', async () => {
    const text = flat(join(out, P, '总体情况报告.pdf'));
    const attachments = text.slice(text.lastIndexOf('附件2各党组织公开承诺和结对情况'));
    const regions = regionsOf(await organizations());
    expect(attachments).toContain(`按片区分册印发，共四册：${regions.join('、')}。`);
    expect(attachments).toContain('附件3各党组织群众满意度测评情况');
    expect(attachments).toContain('与附件2同册印发，按片区共四册');
    for (const o of await organizations()) expect(attachments).not.toContain(o.name);
  });

  it('counts the organizations its body would list by name, and says where they are listed', async () => {
    const text = flat(join(out, P, '总体情况报告.pdf'));
    const body = text.slice(0, text.indexOf('附件1评议方法'));
    const [counts] = await store.rows<{
      insufficient: number;
      unverified: number;
      flagged: number;
    }>(
      `SELECT (SELECT count(*) FROM org_result WHERE period = $1 AND status = 'insufficient')::INTEGER AS insufficient,
              (SELECT count(DISTINCT org_id) FROM member_result WHERE period = $1 AND status = 'unverified')::INTEGER AS unverified,
              (SELECT count(*) FROM org_result WHERE period = $1 AND satisfaction_flagged)::INTEGER AS flagged`,
      [P],
    );
    const { insufficient, unverified, flagged } = counts!;
    expect(insufficient * unverified * flagged).toBeGreaterThan(0);
    expect(body).toContain(
      `总分为“数据不足”、不参加排名的党组织${insufficient}个，名单和原因见《党组织排名》各片区分册。`,
    );
    expect(body).toMatch(
      new RegExp(`待核实的党员\\d+名（涉及党组织${unverified}个，名单见评议结果表results\\.xlsx的“党员评议结果”）`),
    );
    expect(body).toContain(`本期需跟进的党组织${flagged}个，在附件3各片区分册中标为“需跟进”。`);
    // Without the member ranking (no organizations' own reports), its names are in results.xlsx.
    expect(body).toContain('名单见评议结果表results.xlsx的“党员评议结果”，由所在党组织谈心谈话');
    // Those organizations are named in the volumes, not here.
    const named = await store.rows<{ name: string }>(
      `SELECT name FROM org_result WHERE period = $1 AND (status = 'insufficient' OR satisfaction_flagged)`,
      [P],
    );
    const sections = body.slice(0, body.indexOf('五、排名情况'));
    for (const o of named) expect(sections).not.toContain(o.name);
  });
});

describe('the 党组织排名 of a large system', () => {
  it('has a volume per 片区 with its organizations and their places in the whole system', async () => {
    const orgs = await organizations();
    const volumes = summary.outputs.filter((e) => e.period === P && e.kind === 'org-ranking');
    expect(volumes.map((v) => v.path).sort()).toEqual(
      [...new Set(orgs.map((o) => o.region))].map((r) => `${P}/党组织排名/${r}.pdf`).sort(),
    );
    for (const v of volumes) {
      const region = v.path.slice(v.path.lastIndexOf('/') + 1, -'.pdf'.length);
      const text = flat(join(out, v.path));
      const own = orgs.filter((o) => o.region === region);
      expect(text).toContain(`${region}${own.length}个党组织，名次为全系统${orgs.length}个党组织中的名次`);
      for (const o of own) expect(text).toContain(o.name);
      for (const o of orgs.filter((x) => x.region !== region && !own.some((y) => y.name.includes(x.name))))
        expect(text).not.toContain(o.name);
    }
  });
});

describe('the 数据质量报告 of a large system', () => {
  it('has a 全系统 volume for the files of no one organization and one per 片区 for the files of its organizations', async () => {
    const files = await store.rows<{ path: string; region: string }>(
      `SELECT s.path, CASE WHEN s.org_id IS NULL THEN '全系统' ELSE coalesce(o.region, '未分片') END AS region
       FROM submission s LEFT JOIN current_roster_org o USING (org_id) WHERE s.present AND (s.period = $1 OR s.period IS NULL)`,
      [P],
    );
    const volumes = summary.outputs.filter((e) => e.period === P && e.kind === 'data-quality');
    expect(volumes.map((v) => v.path).sort()).toEqual(
      [...new Set(files.map((f) => f.region))].map((r) => `${P}/数据质量报告/${r}.pdf`).sort(),
    );
    expect(volumes[0]!.path).toBe(`${P}/数据质量报告/全系统.pdf`);
    for (const v of volumes) {
      const region = v.path.slice(v.path.lastIndexOf('/') + 1, -'.pdf'.length);
      const text = flat(join(out, v.path));
      expect(text).toContain(`数据质量报告（${region}）`);
      for (const f of files) {
        const name = f.path.slice(f.path.lastIndexOf('/') + 1).replace(/\s+/g, '');
        if (f.region === region) expect(text).toContain(name);
        else expect(text).not.toContain(name);
      }
    }
  });
});

describe('the 推荐情况汇总 of a large system', () => {
  it('has a volume per 片区 with candidates, each candidate in the volume of its organization’s 片区', async () => {
    const candidates = await store.rows<{ name: string; region: string; award: string; proposed: boolean }>(
      `SELECT c.name, coalesce(o.region, '未分片') AS region, c.award, c.proposed FROM award_candidate c JOIN current_roster_org o USING (org_id)
       WHERE c.period = $1 AND c.target = 'member'`,
      [P],
    );
    const volumes = summary.outputs.filter((e) => e.period === P && e.path.startsWith(`${P}/推荐情况汇总/`));
    expect(volumes.map((v) => v.path).sort()).toEqual(
      [...new Set(candidates.map((c) => c.region))].map((r) => `${P}/推荐情况汇总/${r}.pdf`).sort(),
    );
    expect(summary.outputs.some((e) => e.path === `${P}/推荐情况汇总.pdf`)).toBe(false);
    for (const v of volumes) {
      const region = v.path.slice(v.path.lastIndexOf('/') + 1, -'.pdf'.length);
      const text = flat(join(out, v.path));
      expect(text).toContain(`创先争优活动表彰推荐情况汇总（${region}）`);
      const own = candidates.filter((c) => c.region === region);
      for (const c of own) expect(text).toContain(c.name);
      for (const c of candidates.filter((x) => x.region !== region && !own.some((y) => y.name === x.name)))
        expect(text).not.toContain(c.name);
      // The places and the draft are the system's; the volume counts its own proposals beside them.
      const proposed = own.filter((c) => c.proposed && c.award === 'excellent_member').length;
      expect(text).toMatch(
        new RegExp(`优秀共产党员（全系统名额\\d+名，推荐\\d+名，列入预选名单\\d+名；本片区推荐${proposed}名`),
      );
    }
  });
});

describe('regionsOf', () => {
  it('orders the 片区 by their first organization’s number, 未分片 last', () => {
    const rows = [
      { region: '城西片', org_id: 'X02' },
      { region: '未分片', org_id: 'A01' },
      { region: '城东片', org_id: 'X01' },
      { region: '城西片', org_id: 'B01' },
    ];
    expect(regionsOf(rows)).toEqual(['城西片', '城东片', '未分片']);
  });
});
