// Which of the five goods stand out, measured against the system: a raw score ranks the
// dimension half made of the satisfaction index (which averages far below the others) last
// for nearly everyone, so each score is compared with the system average of its dimension,
// in units of that dimension's spread across organizations. Dimensions within a small
// margin of the extreme are reported together, as a tie, instead of the first one listed.

export interface DimensionStanding {
  label: string;
  points: number | null;
  /** The system average of the dimension. */
  average: number | null;
  /** Its standard deviation across organizations. */
  spread: number | null;
}

export interface Strengths {
  /** Furthest above the average (empty when nothing is above it); several when tied. */
  strongest: string[];
  /** Furthest below the average (empty when nothing is below it); several when tied. */
  weakest: string[];
}

/** Standard deviations apart that still count as a tie. */
export const TIE_MARGIN = 0.05;

export function relativeStrengths(dimensions: DimensionStanding[]): Strengths {
  const gaps = dimensions.flatMap((d) =>
    d.points === null || d.average === null
      ? []
      : // No spread: every organization scored alike, so none stands apart.
        [{ label: d.label, z: d.spread ? (d.points - d.average) / d.spread : 0 }],
  );
  if (gaps.length < 2) return { strongest: [], weakest: [] };
  const high = Math.max(...gaps.map((g) => g.z));
  const low = Math.min(...gaps.map((g) => g.z));
  // All alike: nothing stands out either way.
  if (high - low <= TIE_MARGIN) return { strongest: [], weakest: [] };
  return {
    strongest: high > 0 ? gaps.filter((g) => g.z >= high - TIE_MARGIN).map((g) => g.label) : [],
    weakest: low < 0 ? gaps.filter((g) => g.z <= low + TIE_MARGIN).map((g) => g.label) : [],
  };
}
