// What a new period's forms carry from the previous period: the commitments not kept by its
// end (the scoring's commitment_status decides which) and the 结对子 pairs. The store reads
// them from the database; the form writers pre-fill them.

export interface CarriedCommitment {
  org_id: string;
  /** Null for the organization's own commitment. */
  member_id: string | null;
  /** A 五个好 key or publicWorks for an organization's, a 五个模范 key for a member's. */
  category: string | null;
  content: string;
  deadline: Date | null;
  responsible: string | null;
  /** The status at the end of the previous period. */
  status: string;
  made_in: string;
}

export interface CarriedPair {
  org_id: string;
  mentor_id: string;
  mentee_id: string;
  kind: string | null;
  since: Date | null;
}

export interface Carried {
  /** The period carried from. */
  period: string;
  commitments: CarriedCommitment[];
  pairs: CarriedPair[];
}
