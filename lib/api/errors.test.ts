import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, errorCodes, fromZodError } from "@/lib/errors/app-error";
import { errorBody, httpErrors, httpStatus } from "./errors";

describe("public error format", () => {
  it("serialises code, message, param and type", () => {
    const body = errorBody(new AppError("not_found", "Assistant not found"));
    expect(body).toEqual({ error: { code: "not_found", message: "Assistant not found", param: null, type: "not_found_error" } });
    expect(httpStatus(new AppError("rate_limit_exceeded", "slow down"))).toBe(429);
  });

  it("maps every error code to an HTTP status", () => {
    expect(Object.keys(httpErrors).sort()).toEqual([...errorCodes].sort());
  });

  it("names the offending field of a zod error as a dotted path", () => {
    const schema = z.object({ llm_config: z.object({ temperature: z.number().max(2) }) }).strict();
    const nested = fromZodError(schema.safeParse({ llm_config: { temperature: 3 } }).error!);
    expect(httpStatus(nested)).toBe(422);
    expect(nested.param).toBe("llm_config.temperature");
    expect(nested.message).toMatch(/^llm_config\.temperature: /);
    const unknown = fromZodError(schema.safeParse({ llm_config: { temperature: 1 }, extra: 1 }).error!);
    expect(unknown.param).toBe("extra");
    const prefixed = fromZodError(z.object({ model: z.string() }).safeParse({}).error!, ["stt_config"]);
    expect(prefixed.param).toBe("stt_config.model");
  });
});
