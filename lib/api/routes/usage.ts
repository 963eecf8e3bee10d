import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/usage";
import { findUsage } from "@/lib/usage/usage";

export const getUsage = route(op.getUsage, async ({ query: q, scope }) =>
  findUsage(scope, { limit: q.limit, offset: q.offset, startDate: q.start_date, endDate: q.end_date }),
);
