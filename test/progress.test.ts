import { describe, expect, it } from 'vitest';
import { bar, chooseMode, createReporter, useColor } from '../src/cli/progress.ts';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return {
    stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream,
    text: () => written.join(''),
  };
}

describe('progress and log lines', () => {
  it('draws bars on a terminal and plain timestamped lines otherwise', () => {
    expect(chooseMode({}, fakeStream(true).stream)).toBe('bars');
    expect(chooseMode({}, fakeStream(false).stream)).toBe('lines');
    expect(chooseMode({ json: true }, fakeStream(true).stream)).toBe('lines');
    expect(chooseMode({ quiet: true }, fakeStream(true).stream)).toBe('quiet');
    expect(bar(7, 28)).toBe(`[${'█'.repeat(7)}${'░'.repeat(21)}] 7/28`);
  });

  it('colours only a terminal, and never with NO_COLOR', () => {
    expect(useColor(fakeStream(true).stream, {})).toBe(true);
    expect(useColor(fakeStream(true).stream, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(fakeStream(false).stream, {})).toBe(false);
  });

  it('redraws the bar in place and keeps log lines above it', () => {
    const { stream, text } = fakeStream(true);
    const r = createReporter('bars', stream, false);
    r.progress('render', 1, 4);
    r.log('读入：完成');
    r.progress('render', 4, 4);
    r.finish();
    expect(text()).toBe(`打印文档 ${bar(1, 4)}\r\x1b[2K读入：完成\n打印文档 ${bar(1, 4)}\r\x1b[2K`);
  });

  it('writes cron-friendly lines: a timestamp on each, progress now and then, nothing when quiet', () => {
    const lines = fakeStream(false);
    const r = createReporter('lines', lines.stream, false);
    r.progress('ingest', 1, 31);
    r.progress('ingest', 2, 31);
    r.log('读入：31 个文件');
    expect(lines.text()).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] 读入文件 1\/31\n\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] 读入：31 个文件\n$/,
    );
    const quiet = fakeStream(false);
    const q = createReporter('quiet', quiet.stream, false);
    q.progress('ingest', 1, 31);
    q.log('读入');
    expect(quiet.text()).toBe('');
  });
});
