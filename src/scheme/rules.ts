// Cross-field rules a schema cannot express field by field: sums of weights, item
// points adding up to their dimension, references between grade keys, band order.
import type { Band, Grade, RaterCategory, Scheme } from './schema.ts';

export interface RuleProblem {
  path: (string | number)[];
  message: string;
}

const EPSILON = 1e-9;
const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

export function checkSchemeRules(s: Scheme): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });

  const sumTo1 = (path: (string | number)[], values: number[]) => {
    const sum = values.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > EPSILON) add(path, `权重之和必须为 1（当前 ${fmt(sum)}）`);
  };
  sumTo1(['weights', 'org', 'self'], [s.weights.org.self, s.weights.org.bureau]);
  sumTo1(['weights', 'member', 'dailyRecord'], [s.weights.member.dailyRecord, s.weights.member.democraticReview]);
  sumTo1(['periods', 'annualWeights', 'H1'], [s.periods.annualWeights.H1, s.periods.annualWeights.H2]);

  uniqueKeys(['org', 'dimensions'], s.org.dimensions, add);
  uniqueKeys(['member', 'dimensions'], s.member.dimensions, add);
  s.org.dimensions.forEach((d, i) => {
    const total = d.items.reduce((a, it) => a + it.max, 0);
    if (Math.abs(total - d.points) > EPSILON) {
      add(
        ['org', 'dimensions', i, 'items'],
        `各项分值之和（${fmt(total)}）必须等于该维度的分值 points（${fmt(d.points)}）`,
      );
    }
  });
  const allItems = s.org.dimensions.flatMap((d, i) =>
    d.items.map((it, j) => ({ ...it, path: ['org', 'dimensions', i, 'items', j, 'key'] })),
  );
  const seenItem = new Set<string>();
  for (const it of allItems) {
    if (seenItem.has(it.key)) add(it.path, `考核细则编号 "${it.key}" 重复，每一项必须唯一`);
    seenItem.add(it.key);
  }

  const orgTotal = s.org.dimensions.reduce((a, d) => a + d.points, 0);
  checkBands(['org', 'bands'], s.org.bands, orgTotal, add);
  checkBands(['member', 'bands'], s.member.bands, 100, add);

  checkGrades(['org', 'satisfaction', 'grades'], s.org.satisfaction.grades, add);
  checkGrades(['member', 'grades'], s.member.grades, add);
  checkCategories(['org', 'satisfaction', 'raterCategories'], s.org.satisfaction.raterCategories, add);
  checkCategories(['member', 'raterCategories'], s.member.raterCategories, add);

  const satKeys = s.org.satisfaction.grades.map((g) => g.key);
  const memberKeys = s.member.grades.map((g) => g.key);
  const each = (path: (string | number)[], keys: string[]) => keys.map((k, i): GradeRef => [[...path, i], k]);
  refs(each(['org', 'satisfaction', 'rateGrades'], s.org.satisfaction.rateGrades), satKeys, add);
  refs(
    [
      ...each(['veto', 'trustGrades'], s.veto.trustGrades),
      [['veto', 'failGrade'], s.veto.failGrade],
      [['quotas', 'excellentGrade'], s.quotas.excellentGrade],
    ],
    memberKeys,
    add,
  );

  if (!s.org.dimensions.some((d) => d.key === s.org.satisfaction.dimension)) {
    add(
      ['org', 'satisfaction', 'dimension'],
      `未知的维度 "${s.org.satisfaction.dimension}"，可用的有：${s.org.dimensions.map((d) => d.key).join('、')}`,
    );
  }
  const feeds = s.commitments.rateFeeds;
  if (feeds && !s.org.dimensions.some((d) => d.key === feeds.dimension)) {
    add(
      ['commitments', 'rateFeeds', 'dimension'],
      `未知的维度 "${feeds.dimension}"，可用的有：${s.org.dimensions.map((d) => d.key).join('、')}`,
    );
  }
  const statuses = Object.entries(s.commitments.statuses).map(([k, w]) => ({ key: k, ...w }));
  uniqueWords(statuses, (g) => ['commitments', 'statuses', g.key, 'synonyms'], '兑现情况', add);
  uniqueKeys(['commitments', 'ratings'], s.commitments.ratings, add);
  uniqueWords(s.commitments.ratings, (_, i) => ['commitments', 'ratings', i, 'synonyms'], '评诺结果', add);
  if (s.member.dailyRecordMax !== 100) {
    add(
      ['member', 'dailyRecordMax'],
      `日常量化满分必须为 100（当前 ${fmt(s.member.dailyRecordMax)}），与民主评议的百分制相加`,
    );
  }
  checkAwardRounds(s, add);
  return problems;
}

function checkAwardRounds(s: Scheme, add: Add) {
  const periods = new Set<string>();
  s.awards.rounds.forEach((r, i) => {
    if (periods.has(r.period)) add(['awards', 'rounds', i, 'period'], `评议期 ${r.period} 有两轮评先，每期只能一轮`);
    periods.add(r.period);
    if (r.level === 'recommend' && !r.recommendTo)
      add(['awards', 'rounds', i, 'recommendTo'], '向上级推荐（level: recommend）须写明推荐给谁');
    const kinds = new Set<string>();
    r.awards.forEach((a, j) => {
      if (kinds.has(a.kind)) add(['awards', 'rounds', i, 'awards', j, 'kind'], `奖项 ${a.kind} 在本轮重复`);
      kinds.add(a.kind);
    });
  });
  const n = s.awards.narrativeChars;
  if (n.min > n.max) add(['awards', 'narrativeChars', 'min'], `事迹材料最少字数（${n.min}）大于最多字数（${n.max}）`);
}

type Add = (path: (string | number)[], message: string) => void;

function uniqueKeys(path: (string | number)[], list: { key: string; label: string }[], add: Add) {
  const keys = new Set<string>();
  const labels = new Set<string>();
  list.forEach((d, i) => {
    if (keys.has(d.key)) add([...path, i, 'key'], `key "${d.key}" 重复，每一项必须唯一`);
    if (labels.has(d.label)) add([...path, i, 'label'], `名称 "${d.label}" 重复，每一项必须唯一`);
    keys.add(d.key);
    labels.add(d.label);
  });
}

function checkBands(path: (string | number)[], bands: Band[], total: number, add: Add) {
  bands.forEach((b, i) => {
    const prev = bands[i - 1];
    if (prev && b.min >= prev.min)
      add([...path, i, 'min'], `分档下限必须从高到低排列（${fmt(b.min)} 不低于上一档的 ${fmt(prev.min)}）`);
    if (b.min > total) add([...path, i, 'min'], `分档下限 ${fmt(b.min)} 超过满分 ${fmt(total)}`);
  });
  const last = bands[bands.length - 1];
  if (last && last.min !== 0)
    add([...path, bands.length - 1, 'min'], `最后一档的下限必须为 0（当前 ${fmt(last.min)}），否则低分无档可归`);
}

function checkGrades(path: (string | number)[], grades: Grade[], add: Add) {
  uniqueKeys(path, grades, add);
  if (!grades.some((g) => g.value !== null)) add(path, '至少要有一个计分的等次（value 不为 null）');
  uniqueWords(grades, (_, i) => [...path, i, 'synonyms'], '等次', add);
}

type Word = { key: string; label: string; synonyms: string[] };

/** A word written in a form must name one choice only. */
function uniqueWords(choices: Word[], pathOf: (w: Word, i: number) => (string | number)[], noun: string, add: Add) {
  const owner = new Map<string, string>();
  choices.forEach((g, i) => {
    for (const word of [g.label, ...g.synonyms]) {
      const other = owner.get(word);
      if (other !== undefined && other !== g.key) {
        add(pathOf(g, i), `"${word}" 同时属于${noun} ${other} 和 ${g.key}，无法判断填写的是哪一个`);
      }
      owner.set(word, g.key);
    }
  });
}

function checkCategories(path: (string | number)[], cats: RaterCategory[], add: Add) {
  uniqueKeys(path, cats, add);
  const weighted = cats.filter((c) => c.weight !== undefined);
  if (weighted.length > 0 && weighted.length < cats.length) {
    add(path, '评议人类别的 weight 要么全部填写，要么全部不填（不填 = 按票数合并计算）');
  } else if (weighted.length > 0) {
    const sum = weighted.reduce((a, c) => a + (c.weight ?? 0), 0);
    if (Math.abs(sum - 1) > EPSILON) add([...path, 0, 'weight'], `权重之和必须为 1（当前 ${fmt(sum)}）`);
  }
}

type GradeRef = [(string | number)[], string];

function refs(used: GradeRef[], known: string[], add: Add) {
  for (const [path, k] of used) {
    if (!known.includes(k)) add(path, `未知的等次 "${k}"，可用的有：${known.join('、')}`);
  }
}
