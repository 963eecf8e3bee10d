import type { Campaign as CampaignRow } from "@/lib/generated/prisma/client";
import type { CallWindow } from "@/lib/campaigns/window";
import { DEFAULT_RETRY_DELAYS, type RetryDelays } from "@/lib/schemas/campaign";

// A stored campaign's window and retry delays, as the dialer and the API read them.
export const windowOf = (row: Pick<CampaignRow, "scheduleStartTime" | "scheduleEndTime" | "timezone" | "daysOfWeek" | "startDate" | "endDate">): CallWindow => ({
  startTime: row.scheduleStartTime,
  endTime: row.scheduleEndTime,
  timezone: row.timezone,
  daysOfWeek: row.daysOfWeek,
  startDate: row.startDate,
  endDate: row.endDate,
});

export const retryDelaysOf = (row: Pick<CampaignRow, "retryDelayMinutes">): RetryDelays => ({ ...DEFAULT_RETRY_DELAYS, ...(row.retryDelayMinutes as Partial<RetryDelays>) });

