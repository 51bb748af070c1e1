// Charts as SVG strings from ECharts' server-side renderer: no script runs in the page.
import { createRequire } from 'node:module';
import type * as ECharts from 'echarts';
import type { EChartsCoreOption } from 'echarts';
import { fontStack } from '../pdf/fonts/roles.ts';
import { sha256 } from '../base/hash.ts';
import { fixed } from './wording.ts';

// ECharts' one-file build, minified: the same code as the ES modules, which are hundreds of files
// and took ~1 s of CPU to import through the TypeScript loader, and as the unminified one-file build
// (what require('echarts') gets), whose 3.8 MB the loader's hook for CommonJS reads through before
// Node compiles it: 360 ms against 130–180 (the same SVG, byte for byte). Loaded when the first
// chart is drawn, not by every build that prints nothing.
let echarts: typeof ECharts | undefined;
const library = () => (echarts ??= createRequire(import.meta.url)('echarts/dist/echarts.min.js') as typeof ECharts);

// The 黑体 stack (official 黑体, then the print font and WenQuanYi Zen Hei: all TrueType), in
// single quotes for the SVG's style attributes.
const FONT = fontStack('hei').replace(/"/g, "'");

function renderSvg(width: number, height: number, option: EChartsCoreOption): string {
  const chart = library().init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  // ECharts names the SVG's classes and ids after process-wide counters (zr3-cls-17, zr3-c0): numbered
  // in order of appearance and prefixed with the content's hash instead, the same chart is the
  // same text in every run, and two different charts on one page never share a name.
  const seen = new Map<string, string>();
  const perKind = new Map<string, number>();
  const neutral = svg.replace(/\bzr\d+-([a-z]+-?)\d+\b/g, (token, kind: string) => {
    let name = seen.get(token);
    if (!name) {
      const n = perKind.get(kind) ?? 0;
      perKind.set(kind, n + 1);
      name = `chart-${kind}${n}`;
      seen.set(token, name);
    }
    return name;
  });
  const id = sha256(neutral).slice(0, 8);
  return neutral.replace(/\bchart-([a-z]+-?\d+)\b/g, `c${id}-$1`);
}

export function radarSvg(
  dimensions: { label: string; max: number }[],
  series: { name: string; values: (number | null)[] }[],
): string {
  return renderSvg(420, 300, {
    color: ['#c0392b', '#7f8c8d'],
    // An organization's name longer than the chart is cut short with …; the title shows it whole.
    legend: { bottom: 0, textStyle: { fontFamily: FONT, fontSize: 11, width: 300, overflow: 'truncate' } },
    radar: {
      radius: '62%',
      center: ['50%', '46%'],
      indicator: dimensions.map((d) => ({ name: d.label, max: d.max })),
      axisName: { color: '#222', fontFamily: FONT, fontSize: 11 },
    },
    series: [
      {
        type: 'radar',
        data: series.map((s) => ({ name: s.name, value: s.values.map((v) => v ?? 0), areaStyle: { opacity: 0.12 } })),
      },
    ],
  });
}

/**
 * One bar per category on an axis from 0 to `max` (never cut: a bar's length is its value),
 * the unit named on the axis and each bar's value written on it.
 */
export function barSvg(categories: string[], values: (number | null)[], axis: { max: number; unit: string }): string {
  return renderSvg(520, 220, {
    color: ['#c0392b'],
    grid: { left: 50, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: categories, axisLabel: { fontFamily: FONT, fontSize: 12 } },
    yAxis: {
      type: 'value',
      min: 0,
      max: axis.max,
      name: axis.unit,
      nameTextStyle: { fontFamily: FONT, fontSize: 12 },
      axisLabel: { fontFamily: FONT },
    },
    series: [
      {
        type: 'bar',
        data: values,
        barMaxWidth: 60,
        // No text border: Chromium draws stroked text as a Type 3 font.
        label: {
          show: true,
          position: 'top',
          fontFamily: FONT,
          fontSize: 12,
          textBorderColor: 'transparent',
          formatter: (p: { value: number }) => fixed(p.value, 2),
        },
      },
    ],
  });
}
