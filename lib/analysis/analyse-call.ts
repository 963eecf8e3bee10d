import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { resolveGenerationLlm } from "@/lib/generation/resolve-llm";
import { transcriptTurnSchema } from "@/lib/schemas/call";
import { Prisma } from "@/lib/generated/prisma/client";
import { AnalysisProviderError, completeAnalysisChat } from "@/lib/analysis/chat";
import { resolveStructuredDataPlan, type StructuredDataPlan } from "@/lib/analysis/analysis-plan";
import { correctionMessage, formatTranscript, structuredDataMessages, summaryMessages } from "@/lib/analysis/prompts";
import { objectRootSchema, parseJsonAnswer, schemaViolation } from "@/lib/analysis/validate";
import type { LlmCredentials } from "@/lib/llm/complete-chat";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";
import { isEndedStatus } from "@/lib/calls/call-status";

// Post-call analysis: a summary whenever there is a transcript, and the structured data of
// the assistant's analysis plan when the transcript is long enough. Model output that does
// not match the schema is retried with the validation error fed back, and never stored.
//
// analysis_status: completed | skipped (nothing to analyse, or below the plan's threshold)
// | invalid (no schema-valid answer after the retries) | failed (provider or configuration).

export const ANALYSIS_STATUSES = ["pending", "completed", "skipped", "invalid", "failed"] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

/** Structured-data attempts: the first answer plus two corrections. */
export const MAX_STRUCTURED_ATTEMPTS = 3;

const FINAL_STATUSES: readonly string[] = ["completed", "skipped", "invalid"];

export interface AnalysisOutcome {
  status: AnalysisStatus;
  error: string | null;
  /** A provider failure that a later attempt may get past. */
  retryable: boolean;
}

async function save(scope: OrgScope, callId: string, data: Prisma.CallUpdateManyMutationInput) {
  await db.call.updateMany({ where: { id: callId, ...orgWhere(scope) }, data });
}

/**
 * Analyses one finished call and stores the result on it. Idempotent: a call whose analysis
 * already reached a final status is left as it is; a summary made by an earlier (failed)
 * attempt is kept.
 */
export async function analyseCall(scope: OrgScope, callId: string): Promise<AnalysisOutcome | null> {
  const call = await db.call.findFirst({ where: { id: callId, ...orgWhere(scope) }, include: { assistant: { select: { analysisTemplateId: true } } } });
  if (!call || !isEndedStatus(call.status)) return null;
  if (call.analysisStatus && FINAL_STATUSES.includes(call.analysisStatus)) {
    return { status: call.analysisStatus as AnalysisStatus, error: call.analysisError, retryable: false };
  }

  const turns = z.array(transcriptTurnSchema).catch([]).parse(call.transcript);
  if (turns.length === 0) {
    const error = "The call has no transcript to analyse";
    await save(scope, callId, { analysisStatus: "skipped", analysisError: error });
    return { status: "skipped", error, retryable: false };
  }

  const fail = async (error: string, retryable: boolean): Promise<AnalysisOutcome> => {
    await save(scope, callId, { analysisStatus: "failed", analysisError: error });
    return { status: "failed", error, retryable };
  };

  let llm: LlmCredentials;
  try {
    llm = await resolveGenerationLlm(scope);
  } catch (error) {
    if (error instanceof AppError) return fail(error.message, false);
    throw error;
  }

  const transcript = formatTranscript(turns);
  const endedReason = call.endReason ?? "unknown";
  try {
    if (!call.summary) {
      const summary = (await completeAnalysisChat(llm, summaryMessages(transcript, endedReason), { temperature: 0.2 })).trim();
      await save(scope, callId, { summary: summary || null });
    }

    const resolution = await resolveStructuredDataPlan(scope, call);
    if (resolution.kind === "missing_template") {
      return fail("The analysis template of the assistant's analysis plan no longer exists", false);
    }
    if (resolution.kind === "none") {
      await save(scope, callId, { analysisStatus: "completed", analysisError: null });
      return { status: "completed", error: null, retryable: false };
    }
    const { plan } = resolution;
    if (turns.length < plan.minMessages) {
      const error = `The transcript has ${turns.length} message(s); the analysis plan needs at least ${plan.minMessages}`;
      await save(scope, callId, { analysisStatus: "skipped", analysisError: error });
      return { status: "skipped", error, retryable: false };
    }
    return await extractStructuredData(scope, callId, llm, plan, transcript, endedReason);
  } catch (error) {
    if (error instanceof AnalysisProviderError) return fail(error.message, true);
    throw error;
  }
}

async function extractStructuredData(
  scope: OrgScope,
  callId: string,
  llm: LlmCredentials,
  plan: StructuredDataPlan,
  transcript: string,
  endedReason: string,
): Promise<AnalysisOutcome> {
  const { schema } = objectRootSchema(plan.schema);
  const messages = structuredDataMessages(plan.messages, {
    schema: JSON.stringify(schema, null, 2),
    transcript,
    ended_reason: endedReason,
  });
  let lastError = "";
  for (let attempt = 1; attempt <= MAX_STRUCTURED_ATTEMPTS; attempt++) {
    const content = await completeAnalysisChat(llm, messages, { json: true });
    const parsed = parseJsonAnswer(content);
    const violation = parsed.ok ? schemaViolation(schema, parsed.value) : parsed.error;
    if (!violation && parsed.ok) {
      await save(scope, callId, { analysis: parsed.value as Prisma.InputJsonValue, analysisStatus: "completed", analysisError: null });
      return { status: "completed", error: null, retryable: false };
    }
    lastError = violation ?? "invalid answer";
    messages.push({ role: "assistant", content }, correctionMessage(lastError));
  }
  const error = `The language model's structured data did not match the schema after ${MAX_STRUCTURED_ATTEMPTS} attempts: ${lastError}`.slice(0, 2000);
  await save(scope, callId, { analysis: Prisma.DbNull, analysisStatus: "invalid", analysisError: error });
  return { status: "invalid", error, retryable: false };
}
