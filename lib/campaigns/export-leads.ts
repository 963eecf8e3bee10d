import "server-only";
import { db } from "@/lib/db";
import { assertCampaign } from "@/lib/campaigns/leads";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// A campaign's leads with their results, as CSV, streamed a page at a time.

const FIXED = ["id", "phone_number", "name", "status", "attempts", "outcome", "last_attempt_at", "next_attempt_at", "call_id", "call_status", "duration_seconds", "summary", "structured_data"] as const;
const PAGE = 1000;

/** One CSV field: quoted when it holds a delimiter, a quote or a line break; formula starts neutralised. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  // Spreadsheets run cells starting with = + - @ as formulas; a leading quote keeps them text.
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: unknown[]) => `${fields.map(csvField).join(",")}\r\n`;

export async function exportLeadsCsv(scope: OrgScope, campaignId: string): Promise<ReadableStream<Uint8Array>> {
  await assertCampaign(scope, campaignId);
  // Variable columns: every key any lead has, in first-seen order.
  const keys = await db.$queryRaw<{ key: string }[]>`
    SELECT key FROM (SELECT DISTINCT ON (k) k AS key, l.created_at FROM campaign_leads l, jsonb_object_keys(l.variables) AS k
      WHERE l.campaign_id = ${campaignId}::uuid AND l.organization_id = ${scope.organizationId}::uuid ORDER BY k, l.created_at) t ORDER BY created_at, key`;
  const variables = keys.map((k) => k.key).filter((k) => !(FIXED as readonly string[]).includes(k));
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine([...FIXED, ...variables])));
        return;
      }
      const rows = await db.campaignLead.findMany({
        where: { campaignId, ...orgWhere(scope) },
        include: { call: { select: { status: true, durationSeconds: true, summary: true, analysis: true } } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: PAGE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (rows.length === 0) return controller.close();
      cursor = rows[rows.length - 1]!.id;
      const text = rows
        .map((lead) => {
          const vars = (lead.variables ?? {}) as Record<string, string>;
          return csvLine([
            lead.id, lead.phoneNumber, lead.name, lead.status, lead.attempts, lead.outcome,
            lead.lastAttemptAt?.toISOString(), lead.nextAttemptAt?.toISOString(), lead.callId,
            lead.call ? (lead.call.status === "in_progress" ? "in-progress" : lead.call.status) : null,
            lead.call?.durationSeconds, lead.call?.summary, lead.call?.analysis ?? null,
            ...variables.map((k) => vars[k]),
          ]);
        })
        .join("");
      controller.enqueue(encoder.encode(text));
    },
  });
}
