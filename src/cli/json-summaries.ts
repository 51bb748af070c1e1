// The JSON that `build --json` and `validate --json` print for other programs.
import type { Problem } from '../contract/problem.ts';
import type { FileReading } from '../ingest/read-file.ts';
import type { BuildSummary } from '../pipeline/build.ts';

const cpuMs = (u = process.cpuUsage()) => Math.round((u.user + u.system) / 1000);

export function buildJson(s: BuildSummary, exitCode: number) {
  const errors = s.problems.filter((p) => p.severity === 'error').length;
  return {
    exitCode,
    scheme: s.schemeFile,
    output: s.outputDir,
    stages: {
      ingest: {
        ms: Math.round(s.timings.ingest),
        files: s.ingest.files.length,
        parsed: s.ingest.read,
        skipped: s.ingest.skipped,
        rows: s.ingest.rows,
      },
      score: {
        ms: Math.round(s.timings.score),
        skipped: s.score.skipped,
        periods: s.score.periods,
        orgs: s.score.orgs,
        members: s.score.members,
      },
      render: {
        ms: Math.round(s.timings.render),
        outputs: s.outputs.length,
        made: s.render.made,
        reused: s.render.reused,
        branchReports: s.render.branchReports,
        byRegion: s.render.byRegion,
        failed: s.render.failed,
        browserRestarts: s.render.browserRestarts,
        profile: s.render.profile,
      },
      publish: { ms: Math.round(s.timings.publish) },
    },
    problems: { errors, warnings: s.problems.length - errors, list: s.problems },
    outputs: s.outputs,
    /** CPU time of this process (not Chromium's), for the bench: on a busy machine wall time says little. */
    cpuMs: cpuMs(),
  };
}

export function validationJson(rosterFile: string | null, readings: FileReading[], scanProblems: Problem[]) {
  return {
    roster: rosterFile,
    files: readings.map((r) => ({
      file: r.file.name,
      sha256: r.file.sha256,
      kind: r.recognition?.kind ?? null,
      period: r.recognition?.period ?? null,
      orgId: r.recognition?.orgId ?? null,
      recognizedBy: r.recognition?.by ?? null,
      usable: r.usable,
      rows: r.counts,
      problems: r.problems,
    })),
    problems: scanProblems,
  };
}
