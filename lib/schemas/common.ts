import { z } from "zod";

export const uuidSchema = z.string().uuid("must be a UUID");

export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const paginationSchema = z.object({ total: z.number(), limit: z.number(), offset: z.number() });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();

/**
 * A date filter: a full ISO 8601 date-time, or a day (YYYY-MM-DD, UTC). A day as `start` means
 * from its 00:00; as `end` it includes the whole day (up to the next day's 00:00, exclusive).
 * The output is always a date-time.
 */
export const dateFilterSchema = (bound: "start" | "end") =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "must be an ISO 8601 date-time or a date (YYYY-MM-DD)" })
    .transform((value) => (!DAY.test(value) ? value : bound === "start" ? `${value}T00:00:00.000Z` : nextDay(value)));
