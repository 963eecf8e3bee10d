"use client";
import { queryOptions } from "@tanstack/react-query";
import type { Assistant, AssistantCreateInput } from "@/lib/schemas/assistant";
import type { ByokCreateInput, ByokKey, ByokTestResult } from "@/lib/schemas/byok";
import type { Organization } from "@/lib/schemas/organization";
import type { ApiKey, ApiKeyCreated, ApiKeyCreateInput } from "@/lib/schemas/api-key";
import type { OpenApiDocument } from "@/lib/openapi/types";

// The portal is a client of its own /api/v1 (session cookie auth).
export class ApiClientError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly param: string | null) {
    super(message);
  }
}

export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { "content-type": "application/json", ...(init?.headers ?? {}) },
    credentials: "same-origin",
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = body?.error;
    throw new ApiClientError(res.status, err?.code ?? "error", err?.message ?? `Request failed (${res.status})`, err?.param ?? null);
  }
  return body as T;
}

type Page = { total: number; limit: number; offset: number };

export const assistantQueries = {
  list: () =>
    queryOptions({
      queryKey: ["assistants"],
      queryFn: () => apiFetch<{ assistants: Assistant[]; pagination: Page }>("/api/v1/assistants"),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: ["assistants", id],
      queryFn: () => apiFetch<{ assistant: Assistant }>(`/api/v1/assistants/${id}`).then((r) => r.assistant),
    }),
};

// Calls, their webhook deliveries and live control: lib/client/calls.ts.

export const createAssistantRequest = (body: AssistantCreateInput) =>
  apiFetch<{ assistant: Assistant }>("/api/v1/assistants", { method: "POST", body: JSON.stringify(body) });

export const updateAssistantRequest = (id: string, body: Partial<AssistantCreateInput>) =>
  apiFetch<{ assistant: Assistant }>(`/api/v1/assistants/${id}`, { method: "PATCH", body: JSON.stringify(body) });

export const startWebCallRequest = (assistantId: string) =>
  apiFetch<{ call_id: string; token: string; server_url: string; room: string }>("/api/v1/calls/web", {
    method: "POST",
    body: JSON.stringify({ assistant_id: assistantId }),
  });

export const apiKeyQueries = {
  list: () =>
    queryOptions({
      queryKey: ["api-keys"],
      queryFn: () => apiFetch<{ api_keys: ApiKey[]; pagination: Page }>("/api/v1/api-keys?limit=1000"),
    }),
};

export const createApiKeyRequest = (body: ApiKeyCreateInput) =>
  apiFetch<ApiKeyCreated>("/api/v1/api-keys", { method: "POST", body: JSON.stringify(body) });

export const revokeApiKeyRequest = (id: string) =>
  apiFetch<{ success: true }>(`/api/v1/api-keys/${id}`, { method: "DELETE" });

// The OpenAPI document never changes while the app runs.
export const openApiQuery = () =>
  queryOptions({
    queryKey: ["openapi"],
    queryFn: () => apiFetch<OpenApiDocument>("/api/v1/openapi.json"),
    staleTime: Infinity,
  });

export const byokQueries = {
  list: () => queryOptions({ queryKey: ["byok"], queryFn: () => apiFetch<{ byok_keys: ByokKey[] }>("/api/v1/byok") }),
};

export const saveByokKeyRequest = (body: ByokCreateInput) =>
  apiFetch<{ byok_key: ByokKey }>("/api/v1/byok", { method: "POST", body: JSON.stringify(body) });

export const deleteByokKeyRequest = (provider: string) =>
  apiFetch<{ success: true }>(`/api/v1/byok/${encodeURIComponent(provider)}`, { method: "DELETE" });

export const testByokKeyRequest = (provider: string) =>
  apiFetch<ByokTestResult>("/api/v1/byok/test", { method: "POST", body: JSON.stringify({ provider }) });

export const organizationQuery = () =>
  queryOptions({ queryKey: ["organization"], queryFn: () => apiFetch<Organization>("/api/v1/organizations") });

// Tool and analysis templates (types imported inline to keep this block self-contained).
type ToolTemplate = import("@/lib/schemas/tools").ToolTemplate;
type ToolTemplateCreateInput = import("@/lib/schemas/tools").ToolTemplateCreateInput;
type AnalysisTemplate = import("@/lib/schemas/analysis-template").AnalysisTemplate;
type AnalysisTemplateCreateInput = import("@/lib/schemas/analysis-template").AnalysisTemplateCreateInput;

export const toolTemplateQueries = {
  list: () =>
    queryOptions({
      queryKey: ["tool-templates"],
      queryFn: () => apiFetch<{ tool_templates: ToolTemplate[]; pagination: Page }>("/api/v1/tool-templates?limit=1000"),
    }),
};

export const saveToolTemplateRequest = (id: string | null, body: ToolTemplateCreateInput) =>
  id
    ? apiFetch<{ tool_template: ToolTemplate }>(`/api/v1/tool-templates/${id}`, { method: "PATCH", body: JSON.stringify(body) })
    : apiFetch<{ tool_template: ToolTemplate }>("/api/v1/tool-templates", { method: "POST", body: JSON.stringify(body) });

export const deleteToolTemplateRequest = (id: string) =>
  apiFetch<{ success: true }>(`/api/v1/tool-templates/${id}`, { method: "DELETE" });

export const analysisTemplateQueries = {
  list: () =>
    queryOptions({
      queryKey: ["analysis-templates"],
      queryFn: () => apiFetch<{ analysis_templates: AnalysisTemplate[]; pagination: Page }>("/api/v1/analysis-templates?limit=1000"),
    }),
};

export const saveAnalysisTemplateRequest = (id: string | null, body: AnalysisTemplateCreateInput) =>
  id
    ? apiFetch<{ analysis_template: AnalysisTemplate }>(`/api/v1/analysis-templates/${id}`, { method: "PATCH", body: JSON.stringify(body) })
    : apiFetch<{ analysis_template: AnalysisTemplate }>("/api/v1/analysis-templates", { method: "POST", body: JSON.stringify(body) });

export const deleteAnalysisTemplateRequest = (id: string) =>
  apiFetch<{ success: true }>(`/api/v1/analysis-templates/${id}`, { method: "DELETE" });
