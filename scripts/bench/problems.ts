// Problems ×4 should cost ≈ ×4: a province roster can have 150,000 problems, and listing them
// once copied each file's list per problem (40,000 took 105 s). Synthetic problems, half in
// one file (the roster) and half spread over a thousand forms, collected by ProblemLog and
// listed by problemLines.
import { ProblemLog, problemLines, type Problem } from '../../src/contract/problem.ts';

export interface ProblemTiming {
  problems: number;
  ms: number;
}

function collect(count: number): Problem[] {
  const roster = new ProblemLog('党组织和党员名册.xlsx');
  const forms = Array.from({ length: 1000 }, (_, i) => new ProblemLog(`2011H1/评议表${i}.xlsx`));
  for (let i = 0; i < count; i++) {
    const log = i % 2 === 0 ? roster : forms[i % forms.length]!;
    if (i % 3 === 0) log.error('党员', `A${i}`, `X${i}`, '“党员编号”重复，本行未采用');
    else log.warn('党员', `B${i}`, undefined, '姓名与名册不一致');
  }
  return [roster, ...forms].flatMap((l) => l.problems);
}

export function problemScaling(sizes: number[] = [20_000, 80_000]): ProblemTiming[] {
  return sizes.map((problems) => {
    const started = performance.now();
    problemLines(collect(problems));
    return { problems, ms: performance.now() - started };
  });
}
