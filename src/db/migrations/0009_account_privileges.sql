-- The account tables hold password hashes, session and token digests and login throttles. The
-- application role that requests run as (aidgrid_app, migration 0008) needs none of them: the
-- account, session and token services use the owner's rights. A request that could be made to run
-- arbitrary SQL as the application role still could not read or change an account.
REVOKE ALL ON app_user, user_session, api_token, login_throttle FROM aidgrid_app;
