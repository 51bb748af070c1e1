-- Each person's and organization's awards by period: the decided lists of award_final (a
-- period whose committee decided, less the candidates an override removed; never a 草案),
-- with the organization the candidate belonged to (for a member, the branch; for an
-- organization, itself) and the 表彰决定's 文号 and date. The reports show the awards of the
-- periods up to the one reported on; the repeat rule (award_candidate 'repeat') reads the same
-- decisions through award_decided.
CREATE OR REPLACE TABLE award_history AS
SELECT f.period, f.award, f.target, f.candidate_id, f.name, f.org_id, f.level, f.doc_no, f.doc_date
FROM award_final f
WHERE NOT f.draft
