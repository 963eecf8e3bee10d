import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";

// Phone numbers on the wire are E.164 ("+31201234567"). Input may carry spaces, dashes or
// brackets; it is normalised, and a number that cannot exist is refused.
export function normaliseE164(value: string): string | null {
  const parsed = parsePhoneNumberFromString(value.trim());
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export const e164Schema = z
  .string({ error: (issue) => (issue.input === undefined ? "A phone number is required" : "must be a string in E.164 format") })
  .trim()
  .min(1, "A phone number is required")
  .transform((value, ctx) => {
    if (!value.startsWith("+")) {
      ctx.addIssue({ code: "custom", message: "must be in international E.164 format, starting with + and the country code (e.g. +31201234567)" });
      return z.NEVER;
    }
    const normalised = normaliseE164(value);
    if (!normalised) {
      ctx.addIssue({ code: "custom", message: `${value} is not a valid phone number` });
      return z.NEVER;
    }
    return normalised;
  })
  .describe("E.164 phone number, e.g. +31201234567");
