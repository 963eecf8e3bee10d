import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiClientError } from "@/lib/client/api";
import { errorsOfIssues, errorsOfRequest, type PlaceError } from "./form-errors";

type Errors = Partial<Record<"phone_number" | "form", string>>;
const place: PlaceError<Errors> = (errors, param, message) => {
  const key = param === "phone_number" ? "phone_number" : "form";
  errors[key] ??= message;
};

describe("form errors", () => {
  it("puts an API error at its field, without the param prefix, and anything else on the form", () => {
    expect(errorsOfRequest(new ApiClientError(422, "validation_error", "phone_number: not a valid phone number", "phone_number"), place)).toEqual({ phone_number: "not a valid phone number" });
    expect(errorsOfRequest(new ApiClientError(409, "conflict", "Already registered", null), place)).toEqual({ form: "Already registered" });
    expect(errorsOfRequest(new Error("Failed to fetch"), place)).toEqual({ form: "Failed to fetch" });
  });

  it("puts each failed local check at its field, the first message winning", () => {
    const parsed = z.object({ phone_number: z.string().min(3, "too short").regex(/^\+/, "needs +"), other: z.number() }).safeParse({ phone_number: "1", other: "x" });
    expect(errorsOfIssues(parsed.error!.issues, place)).toEqual({ phone_number: "too short", form: expect.any(String) });
  });
});
