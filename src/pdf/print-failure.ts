// Why a document could not be printed, in words: puppeteer's and Chromium's messages are English.
// The browser's own first line follows, for whoever looks into it (a launch error carries
// Chromium's whole stderr).

/** A failure already said in words (a retry that failed again, a restart that failed). */
export class PrintFailed extends Error {}

const CAUSES: [RegExp, string][] = [
  [/Failed to launch|spawn|ENOENT|EACCES/i, '浏览器无法启动'],
  [/timeout|timed out/i, '超过了打印时限（文档很长或机器太忙；可用 --jobs 1 减少同时打印的文档）'],
  [/Printing failed|out of memory|ENOMEM/i, '浏览器无法排版这份文档（常见原因是文档太长或内存不足）'],
  [
    /Target closed|Session closed|detached|crash|Connection closed|disconnected/i,
    '浏览器的页面意外关闭（常见原因是内存不足）',
  ],
];

export function printFailure(e: unknown): string {
  if (e instanceof PrintFailed) return e.message;
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
  const cause = CAUSES.find(([pattern]) => pattern.test(first))?.[1] ?? '浏览器出错';
  return first ? `${cause}；浏览器的原始信息：${first}` : cause;
}
