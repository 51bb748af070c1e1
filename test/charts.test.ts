import { describe, expect, it } from 'vitest';
import { barSvg, radarSvg } from '../src/report/charts.ts';

const dims = ['组织', '班子', '队伍', '机制', '群众'].map((label) => ({ label, max: 20 }));

describe('charts', () => {
  it('draw the same data as the same SVG text, however many charts came before (so unchanged reports are not printed again)', () => {
    const first = radarSvg(dims, [{ name: '甲', values: [18, 17, 16, 19, 15] }]);
    barSvg(['2010年下半年', '2011年上半年'], [80, 82], { max: 100, unit: '分' });
    expect(radarSvg(dims, [{ name: '甲', values: [18, 17, 16, 19, 15] }])).toBe(first);
    expect(first).not.toMatch(/\bzr\d+-/);
  });

  it('never give two different charts the same class or id names', () => {
    const names = (svg: string) => new Set(svg.match(/\bc[0-9a-f]{8}-[a-z]+-?\d+/g));
    const a = names(barSvg(['2010年下半年', '2011年上半年'], [80, 82], { max: 100, unit: '分' }));
    const b = names(barSvg(['2010年下半年', '2011年上半年'], [70, 90], { max: 100, unit: '分' }));
    expect(a.size).toBeGreaterThan(0);
    expect([...a].filter((n) => b.has(n))).toEqual([]);
  });
});
