import "server-only";
import type { CountryCode } from "libphonenumber-js/max";
import { db } from "@/lib/db";
import { IMPORT_LIMITS, readLeadRows } from "@/lib/campaigns/csv-leads";
import { AppError, notFound } from "@/lib/errors/app-error";
import type { DoNotCallNumber } from "@/lib/generated/prisma/client";
import type { DoNotCall, ImportResult } from "@/lib/schemas/campaign";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// The organisation's do-not-call list: numbers no campaign dials. Adding a number skips the
// organisation's pending leads with it at once (the dialer re-checks before every dial too).

type Source = "api" | "import" | "portal" | "call";

export const serializeDoNotCall = (row: DoNotCallNumber): DoNotCall => ({
  id: row.id,
  phone_number: row.phoneNumber,
  reason: row.reason,
  source: row.source,
  created_at: row.createdAt.toISOString(),
});

export async function findDoNotCall(scope: OrgScope, options: { limit: number; offset: number; phoneNumber?: string }) {
  const where = { ...orgWhere(scope), ...(options.phoneNumber ? { phoneNumber: { contains: options.phoneNumber.replace(/[^\d+]/g, "") } } : {}) };
  const [rows, total] = await Promise.all([
    db.doNotCallNumber.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: options.limit, skip: options.offset }),
    db.doNotCallNumber.count({ where }),
  ]);
  return { entries: rows.map(serializeDoNotCall), total };
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

async function insertDoNotCall(tx: Tx, scope: OrgScope, phoneNumbers: string[], reason: string | null, source: Source) {
  const created = await tx.doNotCallNumber.createManyAndReturn({
    data: phoneNumbers.map((phoneNumber) => ({ ...orgWhere(scope), phoneNumber, reason, source })),
    skipDuplicates: true,
  });
  if (created.length) {
    await tx.campaignLead.updateMany({
      where: { ...orgWhere(scope), status: "pending", phoneNumber: { in: created.map((c) => c.phoneNumber) } },
      data: { status: "skipped", outcome: "dnc", nextAttemptAt: null },
    });
  }
  return created;
}

export async function addDoNotCall(scope: OrgScope, phoneNumber: string, reason: string | null, source: Source = "api"): Promise<DoNotCall> {
  const created = await db.$transaction((tx) => insertDoNotCall(tx, scope, [phoneNumber], reason, source));
  if (!created[0]) throw new AppError("conflict", `${phoneNumber} is already on the do-not-call list`, "phone_number");
  return serializeDoNotCall(created[0]);
}

export async function addDoNotCallNumbers(scope: OrgScope, phoneNumbers: string[], reason: string | null, source: Source = "api") {
  const unique = [...new Set(phoneNumbers)];
  const created = await db.$transaction((tx) => insertDoNotCall(tx, scope, unique, reason, source));
  return { entries: created.map(serializeDoNotCall), skipped_duplicates: phoneNumbers.length - created.length };
}

export async function deleteDoNotCall(scope: OrgScope, id: string): Promise<void> {
  const deleted = await db.doNotCallNumber.deleteMany({ where: { id, ...orgWhere(scope) } });
  if (deleted.count === 0) throw notFound("Do-not-call entry");
}

export async function importDoNotCall(scope: OrgScope, source: AsyncIterable<Uint8Array>, options: { defaultCountry?: CountryCode | null } = {}): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, skipped_duplicates: 0, skipped_dnc: 0, invalid: [], invalid_count: 0, total: 0 };
  await db.$transaction(
    async (tx) => {
      let batch: string[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const created = await insertDoNotCall(tx, scope, batch, null, "import");
        result.imported += created.length;
        result.skipped_duplicates += batch.length - created.length;
        batch = [];
      };
      for await (const row of readLeadRows(source, { defaultCountry: options.defaultCountry, maxBytes: IMPORT_LIMITS.maxBytes, maxRows: IMPORT_LIMITS.maxRows })) {
        result.total++;
        if (row.kind === "invalid") {
          result.invalid_count++;
          if (result.invalid.length < 1000) result.invalid.push({ row: row.row, reason: row.reason });
        } else if (row.kind === "duplicate") result.skipped_duplicates++;
        else {
          batch.push(row.lead.phoneNumber);
          if (batch.length >= 1000) await flush();
        }
      }
      await flush();
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
  return result;
}
