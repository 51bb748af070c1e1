// What a build should publish for each period, before anything is printed: every document
// as finished HTML and every export as its rows, each with a key that hashes everything the
// file is made from, its code included. Equal keys mean equal files, so the render stage can
// reuse them.
import { availableParallelism } from 'node:os';
import { codeFingerprint, fingerprint, type Code } from '../base/hash.ts';
import { Profile } from '../base/profile.ts';
import { distinctFileNames, safeFileName } from '../forms/file-name.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';
import { barSvg, radarSvg } from './charts.ts';
import { DEFAULT_DOCUMENTS, type DocumentsSettings } from './documents-file.ts';
import { aboutTable, csvOf, problemTable, readExportTables, xlsxOf, type ExportData } from './exports.ts';
import type { Render } from './templates.ts';
import { branchReportModels } from './views/branch.ts';
import { commitmentNoticeModels } from './views/commitment-notice.ts';
import { memberRankingModel } from './views/member-ranking.ts';
import { orgRankingByRegion, orgRankingModel } from './views/org-ranking.ts';
import { awardDecisionModel, awardNoticeModel, awardReviewByRegion, awardReviewModel } from './views/awards.ts';
import { periodProblems, type PeriodProblems } from './views/problems.ts';
import { dataQualityByRegion, dataQualityModel } from './views/data-quality.ts';
import { documentDate } from './views/shared.ts';
import { summaryByRegion, summaryModel } from './views/summary.ts';
import { groupBy } from '../base/group-by.ts';
import { closing } from './views/shared.ts';
import { collectionModel } from './views/collection.ts';
import type { PeriodStatus } from '../distribute/status.ts';
import { chaseTable, statusTable } from '../distribute/status-table.ts';

/** The export table whose rows each organization also gets for itself. */
const MEMBER_RESULTS = '党员评议结果';

export interface OutputEntry {
  /** The award round's documents (公示, 推荐情况汇总, 表彰决定 list, 推荐表) and the 公示's xlsx share one kind. */
  kind:
    | 'summary'
    | 'data-quality'
    | 'org-ranking'
    | 'member-ranking'
    | 'branch'
    | 'commitments'
    | 'branch-members'
    | 'recommendations'
    | 'results-xlsx'
    | 'csv'
    | 'chase';
  period: string;
  /** The organization a file belongs to: its report, its 承诺公示, its members' results. */
  branch?: string;
  title: string;
  path: string;
}

export interface PdfJob {
  /** Rendered only when the document is printed: charts and templates cost time. */
  html: () => Promise<string>;
  landscape: boolean;
  /** The per-organization documents of one template print in batches (pdf/print-all.ts). */
  batchGroup?: string;
}

/** A chart by its inputs; drawn into the model under its name when the HTML is rendered. */
type Chart = { radar: Parameters<typeof radarSvg> } | { bar: Parameters<typeof barSvg> };
const draw = (c: Chart) => ('radar' in c ? radarSvg(...c.radar) : barSvg(...c.bar));

export type PlannedOutput = { entry: OutputEntry; key: string } & (
  { pdf: PdfJob } | { make: () => Promise<Uint8Array> }
);

/**
 * The code a document's HTML comes from besides its templates: the template engine and its
 * helpers, the charts, the view models (views/, one file per document) and the words they use
 * (wording.ts, and the title lines and strengths they compute), the font stacks the style sheet
 * and charts are given (pdf/fonts/roles.ts); and Handlebars and ECharts, whose versions shape the HTML and the SVG. What this
 * file decides for a document (template, charts, orientation) is in its key as values. The print
 * environment covers the code from HTML to PDF.
 */
const DOCUMENT_CODE: Code = {
  source: [
    'report/templates.ts',
    'report/charts.ts',
    'report/views',
    'report/wording.ts',
    'report/title-lines.ts',
    'report/strengths.ts',
    'pdf/fonts/roles.ts',
  ],
  packages: ['handlebars', 'echarts'],
};

/**
 * The code an export's bytes come from: the CSV writer and the workbook writer with its zip
 * (Node's zlib, which Node itself brings), and the column widths from forms/.
 */
const EXPORT_CODE: Code = {
  source: ['report/exports.ts', 'report/xlsx-export.ts', 'base/zip-write.ts', 'forms/sheet-writer.ts'],
  packages: [],
};

/**
 * Work side by side on connections that close after it, each to its end even when another fails
 * (Promise.all would let them close under queries still running); the first failure is thrown.
 */
async function toTheirEnds<T extends unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as T;
}

/** `a` and `b` side by side when they read on connections `apart`; else one after the other on the one they share. */
async function both<A, B>(apart: boolean, a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
  return apart ? toTheirEnds<[A, B]>([a(), b()]) : [await a(), await b()];
}

export async function planOutputs(
  store: Store,
  scheme: Scheme,
  periods: string[],
  render: Render,
  printEnvironment: string,
  o: {
    branchReports?: boolean;
    /** The 总体情况报告's per-organization attachments and the 推荐情况汇总 in volumes, one per 片区. */
    byRegion?: boolean;
    /** How the summary is issued (documents.yaml). */
    documents?: DocumentsSettings;
    /** Where the code the keys cover is read from: src/ unless a test points it at a changed copy. */
    codeRoot?: string;
    /** Where the time of the view models, export tables and keys is added. */
    profile?: Profile;
    /** Each period's 回收情况: a sheet of results.xlsx, and the 催交名单 when someone is to be chased. */
    statuses?: Map<string, PeriodStatus>;
    /**
     * Each period's problems, read already by the caller (the render stage, for its keys): they are
     * read on the caller's connection, which the periods planned side by side must not share.
     */
    problems?: PeriodProblems;
  } = {},
): Promise<PlannedOutput[]> {
  const profile = o.profile ?? new Profile();
  const documentCode = profile.timeSync('plan: keys', () => codeFingerprint(DOCUMENT_CODE, o.codeRoot));
  const exportCode = profile.timeSync('plan: keys', () => codeFingerprint(EXPORT_CODE, o.codeRoot));
  const viewModel = <T>(name: string, work: () => Promise<T>) => profile.time(`plan: view model ${name}`, work);
  // Periods are planned side by side, one per core, each on its own connection: the view models
  // are many small queries, each mostly waiting on DuckDB (district, two periods: 1.0 → 0.7 s).
  const cores = availableParallelism();
  const lanes = Math.max(1, Math.min(periods.length, cores));
  const readers = [store, ...(await Promise.all(Array.from({ length: lanes - 1 }, () => store.reader())))];
  // One period and a core to spare (a resubmitted form's): its models run on three connections
  // side by side — the lists of all (summary, data quality, organization ranking) on the store's
  // own, where the problems are read; the organizations' own documents on a second; the exports',
  // awards' and 承诺公示's on a third. Each mostly waits on DuckDB (docs/scale.md).
  const beside = periods.length === 1 && cores > 1 ? await Promise.all([store.reader(), store.reader()]) : null;
  try {
    const plans: PlannedOutput[][] = [];
    await toTheirEnds(
      readers.map(async (reader, lane) => {
        for (let i = lane; i < periods.length; i += lanes) {
          const [branches, side] = beside ?? [reader, reader];
          plans[i] = await planPeriod({ lists: reader, branches, side }, periods[i]!);
        }
      }),
    );
    return plans.flat();
  } finally {
    for (const reader of [...readers.slice(1), ...(beside ?? [])]) reader.close();
  }

  /**
   * `on`: the connections the period's models are read on — the same one thrice, or three that run
   * side by side: `lists` for the summary, data quality and organization ranking (its problems are
   * read on it), `branches` for the organizations' own documents, `side` for the exports', awards'
   * and 承诺公示's.
   */
  async function planPeriod(
    on: { lists: Store; branches: Store; side: Store },
    period: string,
  ): Promise<PlannedOutput[]> {
    const { lists: store, branches: own, side } = on;
    const problemsOf = o.problems ?? periodProblems(store, scheme);
    const planned: PlannedOutput[] = [];
    // A table is in results.xlsx and in its CSV: its rows are hashed once (a province's members: 1.6 s each).
    const tableKeys = new WeakMap<ExportData, string>();
    const tableKey = (t: ExportData) => tableKeys.get(t) ?? tableKeys.set(t, fingerprint(t)).get(t)!;
    // A document's key: its view model and chart inputs, the templates it uses and the code that
    // renders them, the print options and environment. Equal keys, equal PDFs, without rendering anything.
    const pdf = (
      entry: OutputEntry,
      template: string,
      model: object,
      o: { landscape?: boolean; charts?: Record<string, Chart | null>; batchGroup?: string } = {},
    ) => {
      const landscape = o.landscape ?? false;
      const charts = o.charts ?? {};
      const html = async () => {
        const drawn = profile.timeSync('charts', () => Object.entries(charts).map(([name, c]) => [name, c && draw(c)]));
        return profile.timeSync(`html ${template}`, () => render(template, { ...model, ...Object.fromEntries(drawn) }));
      };
      planned.push({
        entry,
        key: profile.timeSync('plan: keys', () =>
          fingerprint(documentCode, render.fingerprint(template), template, model, charts, landscape, printEnvironment),
        ),
        pdf: { html, landscape, ...(o.batchGroup && { batchGroup: o.batchGroup }) },
      });
    };
    // A large system's document in volumes: one PDF per 片区, in a folder named after the document.
    const volumes = (
      kind: OutputEntry['kind'],
      folder: string,
      template: string,
      list: { region: string; title: string }[],
      o: { landscape?: boolean } = {},
    ) => {
      const names = distinctFileNames(list.map((v) => safeFileName([v.region], 'pdf')));
      for (const [i, v] of list.entries())
        pdf({ kind, period, title: v.title, path: `${period}/${folder}/${names[i]}` }, template, v, o);
    };
    const file = (entry: OutputEntry, data: ExportData[], make: () => Promise<Uint8Array> | Uint8Array) => {
      planned.push({
        entry,
        key: profile.timeSync('plan: keys', () => fingerprint(exportCode, entry.path, data.map(tableKey))),
        make: async () => make(),
      });
    };

    // The member ranking is made with the organizations' own reports (below); else the names are in results.xlsx.
    const memberRanking = o.branchReports ?? true;
    const documents = o.documents ?? DEFAULT_DOCUMENTS;
    const ownDocuments = async () => {
      const lists = async () => {
        const summary = await viewModel('summary', () => summaryModel(store, scheme, period, documents, problemsOf));
        const quality = o.byRegion
          ? await viewModel('data-quality', () => dataQualityByRegion(store, scheme, period, { problemsOf }))
          : await viewModel('data-quality', () => dataQualityModel(store, scheme, period, { problemsOf }));
        const ranking = o.byRegion
          ? await viewModel('org-ranking', () => orgRankingByRegion(store, scheme, period))
          : await viewModel('org-ranking', () => orgRankingModel(store, scheme, period));
        return { summary, quality, ranking };
      };
      const branchDocuments = async () => {
        // Rankings and branch reports end with the issuing organ, the date and whom to tell of an error.
        const end = await viewModel('closing', () => closing(own, scheme, period, documents));
        // Grouped by organization, the member ranking is every organization's list of members: it is
        // made when their own reports are (a province's, ~3,700 pages, was still printing after 10 min
        // in 13 GB); the exports always hold every member.
        const members = memberRanking
          ? await viewModel('member-ranking', () => memberRankingModel(own, scheme, period))
          : null;
        const branches = members
          ? await viewModel('branch', () => branchReportModels(own, scheme, period, members, end))
          : [];
        return { end, members, branches };
      };
      const [all, each] = await both(own !== store, lists, branchDocuments);
      return { ...all, ...each };
    };
    const sideModels = async () => {
      const notice = await viewModel('recommendations', () => awardNoticeModel(side, scheme, period, documents));
      const review = await viewModel('award-review', () => awardReviewModel(side, scheme, period));
      const decision = await viewModel('award-decision', () => awardDecisionModel(side, scheme, period, documents));
      // The 承诺公示 of every organization with commitments, made when their own reports are.
      const notices = memberRanking ? await commitmentNoticeModels(side, scheme, period) : [];
      const date = await documentDate(side, period);
      const tables = await profile.time('plan: export tables', () => readExportTables(side, scheme, period));
      return { notice, review, decision, notices, date, tables };
    };
    const [{ summary, quality, end, ranking, members, branches }, { notice, review, decision, notices, date, tables }] =
      await both(side !== store, ownDocuments, sideModels);

    const trendChart: Chart | null =
      summary.trend.length > 1
        ? {
            bar: [
              summary.trend.map((t) => t.label),
              summary.trend.map((t) => t.org_avg),
              { max: scheme.org.dimensions.reduce((s, d) => s + d.points, 0), unit: '分' },
            ],
          }
        : null;
    const regional = o.byRegion ? summaryByRegion(summary) : null;
    pdf(
      { kind: 'summary', period, title: summary.title, path: `${period}/总体情况报告.pdf` },
      'summary',
      { ...(regional?.whole ?? summary), memberRanking },
      { charts: { trendChart } },
    );
    if (regional) volumes('summary', '总体情况报告附件', 'summary-region', regional.volumes);
    if (Array.isArray(quality)) volumes('data-quality', '数据质量报告', 'data-quality', quality);
    else
      pdf(
        { kind: 'data-quality', period, title: quality.title, path: `${period}/数据质量报告.pdf` },
        'data-quality',
        quality,
      );
    if (Array.isArray(ranking))
      volumes(
        'org-ranking',
        '党组织排名',
        'org-ranking',
        ranking.map((v) => ({ ...v, closing: end })),
        { landscape: true },
      );
    else
      pdf(
        { kind: 'org-ranking', period, title: ranking.title, path: `${period}/党组织排名.pdf` },
        'org-ranking',
        { ...ranking, closing: end },
        { landscape: true },
      );
    if (members)
      pdf({ kind: 'member-ranking', period, title: members.title, path: `${period}/党员排名.pdf` }, 'member-ranking', {
        ...members,
        closing: end,
      });
    // Only a period with an award round has its documents: 公示, 推荐情况汇总, 表彰决定 list, 推荐表.
    if (notice)
      pdf(
        { kind: 'recommendations', period, title: notice.title, path: `${period}/表彰推荐名单.pdf` },
        'recommendations',
        notice,
      );
    if (review && o.byRegion)
      volumes('recommendations', '推荐情况汇总', 'award-review', awardReviewByRegion(review), { landscape: true });
    else if (review)
      pdf(
        { kind: 'recommendations', period, title: review.title, path: `${period}/推荐情况汇总.pdf` },
        'award-review',
        review,
        { landscape: true },
      );
    if (decision?.decision)
      pdf(
        { kind: 'recommendations', period, title: decision.decision.title, path: `${period}/表彰决定名单.pdf` },
        'award-decision',
        decision.decision,
      );
    if (decision?.forms && decision.forms.candidates.length > 0)
      pdf(
        { kind: 'recommendations', period, title: decision.forms.title, path: `${period}/推荐表.pdf` },
        'award-forms',
        decision.forms,
      );
    const fileNames = distinctFileNames(branches.map((b) => safeFileName([b.orgId, b.name], 'pdf')));
    for (const [i, b] of branches.entries()) {
      const radar: Chart = {
        radar: [
          b.dimensions,
          [
            { name: b.name, values: b.dimensions.map((d) => d.points) },
            { name: '全系统平均', values: b.dimensions.map((d) => d.average) },
          ],
        ],
      };
      pdf(
        { kind: 'branch', period, branch: b.orgId, title: b.title, path: `${period}/党组织/${fileNames[i]}` },
        'branch',
        b,
        { charts: { radar }, batchGroup: 'branch' },
      );
    }
    const noticeNames = distinctFileNames(notices.map((n) => safeFileName([n.orgId, n.name, '承诺公示'], 'pdf')));
    for (const [i, n] of notices.entries())
      pdf(
        { kind: 'commitments', period, branch: n.orgId, title: n.title, path: `${period}/承诺公示/${noticeNames[i]}` },
        'commitment-notice',
        n,
        { batchGroup: 'commitment-notice' },
      );

    const status = o.statuses?.get(period);
    const sheets = [
      ...tables,
      ...(status ? [statusTable(status)] : []),
      problemTable(await problemsOf(period)),
      aboutTable(scheme, period, date),
    ];
    file(
      {
        kind: 'results-xlsx',
        period,
        title: `${summary.periodLabel}评议结果（Excel）`,
        path: `${period}/results.xlsx`,
      },
      sheets,
      () => xlsxOf(sheets, date),
    );
    // Each organization's members, for the organization itself (pingyi send): with its report.
    const memberResults = tables.find((t) => t.name === MEMBER_RESULTS)!;
    const memberRows = groupBy(memberResults.rows, (r) => r[0]);
    const memberFiles = distinctFileNames(branches.map((b) => safeFileName([b.orgId, b.name, MEMBER_RESULTS], 'xlsx')));
    for (const [i, b] of branches.entries()) {
      const own = { ...memberResults, rows: memberRows.get(b.orgId) ?? [] };
      file(
        {
          kind: 'branch-members',
          period,
          branch: b.orgId,
          title: `${summary.periodLabel}${b.name}${MEMBER_RESULTS}`,
          path: `${period}/党组织/${memberFiles[i]}`,
        },
        [own],
        () => xlsxOf([own], date),
      );
    }
    const chase = status && chaseTable(status);
    if (status && chase && chase.rows.length > 0) {
      const model = collectionModel(status, scheme);
      pdf({ kind: 'chase', period, title: model.title, path: `${period}/催交名单.pdf` }, 'chase', model, {
        landscape: true,
      });
      file({ kind: 'chase', period, title: model.title, path: `${period}/催交名单.xlsx` }, [chase], () =>
        xlsxOf([chase], date),
      );
    }
    for (const t of tables)
      file({ kind: 'csv', period, title: `${t.name}.csv`, path: `${period}/csv/${t.name}.csv` }, [t], () => csvOf(t));
    const recommended = tables.filter((t) => t.name === '表彰推荐名单');
    if (notice)
      file(
        { kind: 'recommendations', period, title: notice.title, path: `${period}/表彰推荐名单.xlsx` },
        recommended,
        () => xlsxOf(recommended, date),
      );
    return planned;
  }
}
