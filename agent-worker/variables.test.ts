import { describe, expect, it } from "vitest";
import { builtInVariables, callVariables, substituteVariables } from "./variables";

const call = {
  id: "c-1",
  type: "outbound" as const,
  room_name: "r",
  organization_id: "o",
  caller_phone: "+31612345678",
  assistant_phone: "+31850000000",
  metadata: { first_name: "Ada", call_id: "spoofed", variables: { plan: "Gold" }, lead: { city: "Utrecht", visits: 3 } },
};
const now = new Date("2026-11-22T09:05:07.123Z");

describe("variables", () => {
  it("offers the built-ins in UTC", () => {
    expect(builtInVariables(call, now)).toEqual({
      call_id: "c-1",
      call_type: "outbound",
      caller_number: "+31612345678",
      customer: { number: "+31612345678" },
      phone_number: "+31612345678",
      assistant_number: "+31850000000",
      current_date: "2026-11-22",
      current_time: "09:05:07Z",
      current_datetime: "2026-11-22T09:05:07.123Z",
    });
  });

  it("fills metadata, lead variables, dotted paths and built-ins; built-ins cannot be overridden; unknown ones become empty", () => {
    const vars = callVariables(call, now);
    expect(
      substituteVariables("Hi {{first_name}} ({{ plan }}, {{lead.city}}, {{lead.visits}} visits) on {{call_id}} from {{customer.number}} ({{phone_number}}) at {{current_time}}.{{missing}}{{lead.nope}}", vars),
    ).toBe("Hi Ada (Gold, Utrecht, 3 visits) on c-1 from +31612345678 (+31612345678) at 09:05:07Z.");
  });

  it("leaves text without placeholders and malformed braces alone, and renders objects as JSON", () => {
    const vars = callVariables(call, now);
    expect(substituteVariables("No {placeholders} here {{ }} {{1abc}}", vars)).toBe("No {placeholders} here {{ }} {{1abc}}");
    expect(substituteVariables("{{lead}}", vars)).toBe('{"city":"Utrecht","visits":3}');
  });

  it("gives empty numbers for a web call without phones", () => {
    const vars = callVariables({ ...call, caller_phone: null, assistant_phone: null, metadata: {} }, now);
    expect(substituteVariables("[{{caller_number}}][{{assistant_number}}]", vars)).toBe("[][]");
  });
});
