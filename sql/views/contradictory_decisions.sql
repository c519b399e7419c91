-- Items whose decision contradicts the conclusion of their own rationale (kept as written, flagged).
CREATE OR REPLACE VIEW contradictory_decisions AS
SELECT i.item_id, i.case_id, c.source_file, c.decision_date, i.treatment, i.decision, i.rationale_conclusion,
       i.rationale_mixed, right(i.rationale, 240) AS rationale_end
FROM disputed_items i JOIN cases c USING (case_id)
WHERE i.decision_consistent = false
ORDER BY c.decision_date NULLS LAST, i.item_id;
