import { z } from "zod";

export const uuidSchema = z.string().uuid("must be a UUID");

export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const paginationSchema = z.object({ total: z.number(), limit: z.number(), offset: z.number() });
