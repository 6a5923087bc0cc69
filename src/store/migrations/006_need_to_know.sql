-- Need-to-know without holes.
--
-- Accounts: when the password last changed (API tokens made before it end),
-- and a pending reset: the account's password is then a one-time code the
-- user changes at their first log-in, which must happen before
-- reset_expires_s.  reset_by and totp_reset_by name the administrator of
-- the last password reset and second-factor reset, so that one
-- administrator alone cannot reset both (and log in as the user).
ALTER TABLE users ADD COLUMN password_changed_s {{int}} NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change_password {{int}} NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN reset_expires_s {{int}} NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN reset_by {{int}} NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_reset_by {{int}} NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_reset_s {{int}} NOT NULL DEFAULT 0;

-- A session opened with a reset code may only set a new password.
ALTER TABLE sessions ADD COLUMN must_change {{int}} NOT NULL DEFAULT 0;

-- Log-in attempts per client address slow down rather than lock out: the
-- time of the last attempt sets the delay before the next.
ALTER TABLE rate_limits ADD COLUMN last_s {{int}} NOT NULL DEFAULT 0;

-- A notification belongs to its addressee: one person (user_id), or the
-- people of one role in the organisation (role, user_id 0).
ALTER TABLE notifications ADD COLUMN user_id {{int}} NOT NULL DEFAULT 0;
-- Notifications made for "everyone" in an organisation go to its casework
-- role (never to its privacy officer, auditor or administrator).
UPDATE notifications SET role = CASE (SELECT type FROM organisations o WHERE o.id = notifications.org_id)
    WHEN 'school' THEN 'care-coordinator'
    WHEN 'police' THEN 'police-officer'
    WHEN 'prosecution' THEN 'prosecutor'
    WHEN 'national-analysis' THEN 'analyst'
    ELSE 'care-worker' END
  WHERE role = '';

-- A referral that hands a case over does not move the sender's case: the
-- receiver gets a case of its own with what was shared, and the referral
-- remembers which.
ALTER TABLE referrals ADD COLUMN received_case_id {{int}} NOT NULL DEFAULT 0;

-- A signal a receiver passed on to another organisation: the organisation
-- that observed it sees in its chronology that, when and to whom, never
-- what the receiver added.
CREATE TABLE signal_disclosures (
    id {{pk}},
    signal_id {{int}} NOT NULL REFERENCES signals (id),
    referral_id {{int}} NOT NULL REFERENCES referrals (id),
    origin_org_id {{int}} NOT NULL REFERENCES organisations (id),
    from_org_id {{int}} NOT NULL REFERENCES organisations (id),
    to_org_id {{int}} NOT NULL REFERENCES organisations (id),
    person_id {{int}} NOT NULL REFERENCES persons (id),
    at TEXT NOT NULL
) {{strict}};
CREATE INDEX signal_disclosures_origin ON signal_disclosures (origin_org_id, person_id, id);
