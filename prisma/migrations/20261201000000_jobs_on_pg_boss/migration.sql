-- Background jobs moved to pg-boss, which keeps its tables in its own schema ("pgboss"),
-- created by the first process that starts it. Jobs still queued here are not carried over:
-- stop the old release's web processes once their queue is empty before upgrading.
DROP TABLE "jobs";
