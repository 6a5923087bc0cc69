-- Learning: staff's progress through the learning paths, their answers to
-- the (fictional) cases, requests to the national expert group and the
-- resilience lessons a school gave.  Nothing here is about a pupil: the
-- cases are invented, and lessons are counted per year group, never per
-- child.  The learning documents themselves are published as rule sets
-- (kinds learning, indicator-explanations, expert-offers,
-- resilience-programmes).

-- A module read or a case finished by a user; kept per item, so that a
-- user can stop and come back, whichever version of the content they met.
CREATE TABLE learning_done (
    user_id {{int}} NOT NULL REFERENCES users (id),
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL,               -- module, case
    content_version {{int}} NOT NULL,
    done_at TEXT NOT NULL,
    PRIMARY KEY (user_id, item_id)
) {{strict}};
CREATE INDEX learning_done_org ON learning_done (org_id);

-- A path finished by a user: the coordinator counts these, never names.
CREATE TABLE learning_completions (
    user_id {{int}} NOT NULL REFERENCES users (id),
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    path_id TEXT NOT NULL,
    content_version {{int}} NOT NULL,
    completed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, path_id)
) {{strict}};
CREATE INDEX learning_completions_org ON learning_completions (org_id, path_id);

-- An answer to a case: which indicators were picked, and the outcome per
-- indicator offered.  first_try marks a user's first answer to a case, the
-- one the coordinator's "most often missed" counts.
CREATE TABLE learning_attempts (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    user_id {{int}} NOT NULL REFERENCES users (id),
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    case_id TEXT NOT NULL,
    content_version {{int}} NOT NULL,
    picked TEXT NOT NULL,             -- comma-separated indicator ids
    noticed {{int}} NOT NULL,
    missed {{int}} NOT NULL,
    wrong {{int}} NOT NULL,
    complete {{int}} NOT NULL,
    first_try {{int}} NOT NULL,
    created_at TEXT NOT NULL
) {{strict}};
CREATE INDEX learning_attempts_user ON learning_attempts (user_id, case_id, id);

CREATE TABLE learning_attempt_marks (
    attempt_id {{int}} NOT NULL REFERENCES learning_attempts (id),
    org_id {{int}} NOT NULL,
    indicator TEXT NOT NULL,
    outcome TEXT NOT NULL,            -- noticed, missed, wrongly-picked, rightly-left-out
    first_try {{int}} NOT NULL,
    PRIMARY KEY (attempt_id, indicator)
) {{strict}};
CREATE INDEX learning_attempt_marks_org ON learning_attempt_marks (org_id, first_try, indicator);

-- A request for one of the expert group's offers (advice, the training
-- film): a record of its own kind that the expert group receives.
CREATE TABLE expert_requests (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    offer_id TEXT NOT NULL,
    offers_version {{int}} NOT NULL,
    from_org_id {{int}} NOT NULL REFERENCES organisations (id),
    from_user_id {{int}} NOT NULL REFERENCES users (id),
    to_org_id {{int}} NOT NULL REFERENCES organisations (id),
    purpose_enc {{blob}} NOT NULL,    -- what it is for (free text, encrypted)
    contact_enc {{blob}} NOT NULL,    -- how to reach the requester
    status TEXT NOT NULL,             -- requested, accepted, declined, done
    answer_enc {{blob}},              -- the expert group's reply
    handled_by {{int}} NOT NULL,      -- the expert group's user, or 0
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version {{int}} NOT NULL
) {{strict}};
CREATE INDEX expert_requests_to ON expert_requests (to_org_id, id);
CREATE INDEX expert_requests_from ON expert_requests (from_org_id, id);

-- A programme or lesson series given to a year group, from the published
-- catalogue of resilience programmes: counts only, never pupils.
CREATE TABLE resilience_lessons (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    programme_id TEXT NOT NULL,
    programmes_version {{int}} NOT NULL,
    year_group TEXT NOT NULL,
    classes {{int}} NOT NULL,         -- how many classes of the year group
    lessons {{int}} NOT NULL,         -- how many lessons were given
    given_from TEXT NOT NULL,         -- first lesson (date)
    given_until TEXT NOT NULL,        -- last lesson (date)
    recorded_by {{int}} NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL
) {{strict}};
CREATE INDEX resilience_lessons_org ON resilience_lessons (org_id, given_from);
CREATE INDEX resilience_lessons_from ON resilience_lessons (given_from);
