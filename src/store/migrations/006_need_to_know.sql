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
