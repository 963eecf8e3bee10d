import type { Operation } from "@/lib/api/operation";
import * as system from "@/lib/api/operations/system";
import * as assistants from "@/lib/api/operations/assistants";
import * as calls from "@/lib/api/operations/calls";
import * as apiKeys from "@/lib/api/operations/api-keys";
import * as providerKeys from "@/lib/api/operations/provider-keys";
import * as voices from "@/lib/api/operations/voices";
import * as organizations from "@/lib/api/operations/organizations";
import * as toolTemplates from "@/lib/api/operations/tool-templates";
import * as analysisTemplates from "@/lib/api/operations/analysis-templates";
import * as webhooks from "@/lib/api/operations/webhooks";
import * as usage from "@/lib/api/operations/usage";
import * as telephony from "@/lib/api/operations/telephony";
import * as campaigns from "@/lib/api/operations/campaigns";
import * as team from "@/lib/api/operations/team";
import * as audit from "@/lib/api/operations/audit";
import * as branding from "@/lib/api/operations/branding";

const isOperation = (value: unknown): value is Operation =>
  typeof value === "object" && value !== null && "operationId" in value && "method" in value && "path" in value && "responses" in value;

// Every /api/v1 operation, in document order. Add a resource's module here; its definitions
// are picked up by the OpenAPI document, and a test fails until each one is routed.
export const operations: Operation[] = [system, assistants, calls, apiKeys, providerKeys, voices, organizations, toolTemplates, analysisTemplates, webhooks, usage, telephony, campaigns, team, audit, branding]
  .flatMap((module) => Object.values(module).filter(isOperation));
