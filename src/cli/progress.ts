// How a run shows itself: bars redrawn in place on a terminal, plain timestamped lines
// for cron logs and pipes, nothing but errors with --quiet. Colour only on a terminal and
// never when NO_COLOR is set (https://no-color.org).
import { timestamp } from '../base/timestamp.ts';
import type { Effects, Stage } from '../pipeline/build.ts';

export type ReporterMode = 'bars' | 'lines' | 'quiet';

export interface Reporter extends Required<Omit<Effects, 'pause'>> {
  /** Removes a bar still drawn, before the final lines. */
  finish(): void;
}

const LABEL: Record<Stage, string> = { ingest: '读入文件', score: '评分', render: '打印文档', publish: '发布' };
const BAR_WIDTH = 28;
/** In line mode a progress line at most this often, so a cron log stays short. */
const LINE_EVERY_MS = 10_000;

export function chooseMode(o: { quiet?: boolean; json?: boolean }, stream: NodeJS.WriteStream): ReporterMode {
  if (o.quiet) return 'quiet';
  return stream.isTTY && !o.json ? 'bars' : 'lines';
}

export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

export function bar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}`;
}

export function createReporter(mode: ReporterMode, stream: NodeJS.WriteStream, color: boolean): Reporter {
  const paint = (text: string) => (color ? `\x1b[36m${text}\x1b[0m` : text);
  let drawn: string | null = null;
  const lastLine = new Map<Stage, number>();
  const clear = () => {
    if (drawn !== null) stream.write('\r\x1b[2K');
  };
  return {
    log(line) {
      if (mode === 'quiet') return;
      if (mode === 'lines') {
        stream.write(`[${timestamp()}] ${line}\n`);
        return;
      }
      clear();
      stream.write(`${line}\n`);
      if (drawn !== null) stream.write(drawn);
    },
    progress(stage, done, total) {
      if (mode === 'quiet') return;
      if (mode === 'lines') {
        const now = Date.now();
        if (done < total && now - (lastLine.get(stage) ?? 0) >= LINE_EVERY_MS) {
          lastLine.set(stage, now);
          stream.write(`[${timestamp()}] ${LABEL[stage]} ${done}/${total}\n`);
        }
        return;
      }
      clear();
      drawn = done < total ? `${paint(LABEL[stage])} ${bar(done, total)}` : null;
      if (drawn !== null) stream.write(drawn);
    },
    finish() {
      clear();
      drawn = null;
    },
  };
}
