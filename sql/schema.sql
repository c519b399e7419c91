-- The warehouse schema: the tables of imr.duckdb, also written as Parquet under parquet/<table>/.
-- Loaded by pipeline/publish.py (tables are created from this file, then filled from the Parquet record).

-- One row per determination letter (a case). case_id = the case number, or NOCN-<hash of the
-- letter's summary and items, their words and numbers only, lower-cased> for letters that print
-- none (the 2013–15 layout): any extraction of the same letter gives the same id.
CREATE TABLE cases (
    case_id VARCHAR PRIMARY KEY,
    case_number VARCHAR,            -- e.g. CM16-0230651; NULL where the letter has none
    source_file VARCHAR,            -- relative to the raw folder
    layout VARCHAR,                 -- dwc-2016 | dwc-2013 (the reviewer credentials wording)
    date_assigned DATE,
    decision_date DATE,
    date_of_injury DATE,
    ur_denial_date DATE,
    application_received_date DATE,
    priority VARCHAR,               -- Standard | Expedited
    patient_age INTEGER,
    patient_sex VARCHAR,            -- male | female | NULL
    diagnosis VARCHAR,              -- the diagnosis the summary states, as written
    case_summary VARCHAR,           -- the clinical case summary, single-spaced, without its opening formula
    reviewer_id VARCHAR,            -- → reviewers
    n_items INTEGER,
    n_upheld INTEGER,
    n_overturned INTEGER,
    case_outcome VARCHAR,           -- uphold | overturn | partially_overturn
    page_count INTEGER,
    content_sha256 VARCHAR,         -- sha256 of the file the case was read from
    reviewer_credentials_text VARCHAR  -- the reviewer's credentials as this letter prints them
);

-- One row per distinct reviewer profile; reviewer_id is derived from the normalized profile.
CREATE TABLE reviewers (
    reviewer_id VARCHAR PRIMARY KEY,
    specialties VARCHAR[],          -- DWC's board-specialty names, in letter order
    primary_specialty VARCHAR,
    subspecialty VARCHAR,
    license_states VARCHAR[],       -- two-letter codes
    credentials_text VARCHAR        -- the credentials as written: of its letters in the warehouse, the least text
);

-- One row per disputed item, in letter order.
CREATE TABLE disputed_items (
    item_id VARCHAR PRIMARY KEY,    -- <case_id>-<item_number, 2 digits>
    case_id VARCHAR,
    item_number INTEGER,
    treatment VARCHAR,              -- the request as written, unwrapped; for partial authorizations the remaining portion
    decision VARCHAR,               -- upheld | overturned
    service_category VARCHAR,       -- DWC category (Other when no rule matches)
    service_subcategory VARCHAR,    -- DWC subcategory; drug class for Pharmaceuticals
    body_region VARCHAR,            -- cervical, thoracic, lumbar, shoulder, elbow, wrist_hand, hip, knee, ankle_foot, head, multiple, NULL
    requested_quantity INTEGER,     -- visits/sessions/units/tests/rides asked for (a range: its upper end); a drug's #N or shots; equipment's pieces; NULL when not stated
    is_partial_authorization BOOLEAN,
    original_request VARCHAR,       -- partial authorizations: the original request
    authorized_portion VARCHAR,     -- partial authorizations: what the claims administrator authorized
    is_associated_surgical_service BOOLEAN,
    is_retrospective BOOLEAN,
    date_of_service DATE,
    claims_administrator_guideline VARCHAR,  -- the paragraph as written
    maximus_guideline VARCHAR,               -- the paragraph as written
    decision_basis_source VARCHAR,  -- MTUS | ODG | ACOEM | other | none: the source MAXIMUS based the decision on (first cited)
    not_based_on_mtus BOOLEAN,      -- the reviewer said the decision was not based on the MTUS
    rationale VARCHAR,
    rationale_conclusion VARCHAR,   -- medically_necessary | not_medically_necessary | unclear
    decision_consistent BOOLEAN,    -- false where the conclusion contradicts the decision; NULL when unclear
    rationale_mixed BOOLEAN,        -- earlier sentences argue the other way
    source_file VARCHAR
);

-- One row per guideline cited for an item, by the claims administrator and by MAXIMUS.
-- citation_id is unique by construction (the unique item_id plus who cited and the citation's number) and
-- checked by the citation_ids_are_unique asset check; no PRIMARY KEY: its index would cost publication
-- ~2 s per 100,000 letters (the largest table) and serve no query.
CREATE TABLE guideline_citations (
    citation_id VARCHAR,            -- <item_id>-ca<n> | <item_id>-mx<n>
    item_id VARCHAR,
    case_id VARCHAR,
    cited_by VARCHAR,               -- claims_administrator | maximus
    citation_number INTEGER,
    source VARCHAR,                 -- MTUS | ODG | ACOEM | other | none (no medical evidence cited)
    guideline VARCHAR,              -- e.g. Chronic Pain Medical Treatment 2016
    section VARCHAR,                -- e.g. Opioids
    pages VARCHAR,                  -- e.g. 98-99
    citation_text VARCHAR,
    source_file VARCHAR
);

-- Every raw file that did not become a case, with a reason a person can act on.
CREATE TABLE quarantine (
    source_file VARCHAR,
    reason VARCHAR,
    stage VARCHAR,                  -- read | extract | layout | parse | validate
    sha256 VARCHAR,
    size_bytes BIGINT
);

-- The raw-letter inventory: every file seen by the last run and what became of it.
-- source_file is unique (one row per file; checked by the source_files_are_unique asset check). No PRIMARY
-- KEY: the table is rewritten whole by every run, and its index cost an increment of 100 letters on 10,000
-- a quarter of its publication.
CREATE TABLE letters (
    source_file VARCHAR,
    kind VARCHAR,                   -- txt | pdf | other suffix
    size_bytes BIGINT,
    mtime_ns BIGINT,                -- the file's modification time (ns since 1970) when read: with its size, what a
                                    -- run compares to skip it
    sha256 VARCHAR,
    layout VARCHAR,
    status VARCHAR,                 -- case | duplicate | superseded | quarantined
    case_id VARCHAR,
    primary_source_file VARCHAR,    -- the file the case was read from (for duplicates and superseded versions)
    page_count INTEGER,
    encoding VARCHAR,               -- how a text file was decoded (utf-8, cp1252, utf-16, …)
    reason VARCHAR,                 -- quarantined: why, and what to do
    stage VARCHAR,                  -- quarantined: read | extract | layout | parse | validate
    fingerprint VARCHAR,            -- hash of what the letter says (dates, items, decisions, conclusions, citations):
                                    -- equal for the same letter as PDF and text, another for a corrected version
    decision_date DATE,
    parsed_at TIMESTAMPTZ           -- when this run read the file
);

-- Older versions of re-issued letters (same case number, different content), and of letters corrected in place.
CREATE TABLE case_history AS SELECT * FROM cases WITH NO DATA;
ALTER TABLE case_history ADD COLUMN superseded_by VARCHAR;
ALTER TABLE case_history ADD COLUMN superseded_at TIMESTAMPTZ;

-- Publication bookkeeping, written by pipeline/publish.py after the tables are filled (not Parquet):
--   warehouse_parts(table_name VARCHAR, part VARCHAR)  the Parquet parts this database holds, by table: the
--                                                      base of the next in-place update
--   warehouse_info(manifest_version BIGINT, run_id VARCHAR, incremental_runs INTEGER, published_at TIMESTAMP,
--                  sql_digest VARCHAR)                 one row: the manifest published, the run that
--                                                      published it, in-place updates since the last full build,
--                                                      a hash of sql/ (another hash: rebuilt whole)
-- The search index tables (search_docs, search_terms, search_vocab, search_stats, search_stopwords) are
-- documented in sql/search/build.sql.
