import { beforeAll, expect, it } from "vitest";
import { useFreshDatabase } from "./support";

// With the media server unreachable, numbers and trunks are refused clearly and nothing is stored.
beforeAll(async () => {
  await useFreshDatabase();
  process.env.LIVEKIT_URL = "ws://127.0.0.1:9";
});

it("answers service_unavailable and stores no number or trunk", async () => {
  const { db } = await import("@/lib/db");
  const numbers = await import("@/lib/telephony/numbers");
  const trunks = await import("@/lib/telephony/trunks");
  const org = { organizationId: (await db.organization.create({ data: { name: "down", slug: "tel-down" } })).id };
  await expect(numbers.createPhoneNumber(org, { phone_number: "+31201234570" })).rejects.toMatchObject({ code: "service_unavailable" });
  // A trunk with a caller ID needs its LiveKit outbound trunk at once.
  await expect(trunks.createSipTrunk(org, { name: "Down", outboundAddress: "down.example.com", outboundNumber: "+31201234571" })).rejects.toMatchObject({ code: "service_unavailable" });
  expect(await db.phoneNumber.count()).toBe(0);
  expect(await db.sipTrunk.count()).toBe(0);
});
