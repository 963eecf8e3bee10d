"use client";
import { queryOptions } from "@tanstack/react-query";
import {
  fillPath,
  type BodyInputOf,
  type Operation,
  type ParamsInputOf,
  type QueryInputOf,
  type ResponseOf,
} from "@/lib/api/operation";
import * as assistants from "@/lib/api/operations/assistants";
import * as apiKeys from "@/lib/api/operations/api-keys";
import * as providerKeys from "@/lib/api/operations/provider-keys";
import * as organizations from "@/lib/api/operations/organizations";
import * as toolTemplates from "@/lib/api/operations/tool-templates";
import * as analysisTemplates from "@/lib/api/operations/analysis-templates";
import * as calls from "@/lib/api/operations/calls";
import * as system from "@/lib/api/operations/system";
import * as voices from "@/lib/api/operations/voices";
import type { OpenApiDocument } from "@/lib/openapi/types";
import type { VoiceProvider } from "@/lib/schemas/voice";
import { actingOrganizationId } from "@/lib/client/acting";

// The portal is a client of its own /api/v1 (session cookie auth). Requests are typed from the
// operation definitions (lib/api/operations/*): the path parameters, query and body an
// operation takes, and the body its success status answers with.
export class ApiClientError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly param: string | null) {
    super(message);
  }
}

/** A JSON request to one of the app's own endpoints; errors in the public format become ApiClientError. */
export async function fetchJson<T>(path: string, init?: RequestInit): Promise<T> {
  // Acting as a client: every call of the portal names it, as an API key would.
  const acting = path.startsWith("/api/v1/") ? actingOrganizationId() : null;
  const res = await fetch(path, {
    ...init,
    headers: { "content-type": "application/json", ...(acting ? { "X-Organization-Id": acting } : {}), ...(init?.headers ?? {}) },
    credentials: "same-origin",
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = body?.error;
    throw new ApiClientError(res.status, err?.code ?? "error", err?.message ?? `Request failed (${res.status})`, err?.param ?? null);
  }
  return body as T;
}

type Field<K extends string, T> = [T] extends [never] ? { [P in K]?: never } : { [P in K]: T };
// Every query parameter is optional (the server fills in defaults such as limit and offset).
type QueryField<O extends Operation> = [QueryInputOf<O>] extends [never] ? { query?: never } : { query?: Partial<QueryInputOf<O>> };
export type RequestOf<O extends Operation> = Field<"params", ParamsInputOf<O>> & QueryField<O> & Field<"body", BodyInputOf<O>>;
type Args<O extends Operation> = {} extends RequestOf<O> ? [request?: RequestOf<O>] : [request: RequestOf<O>];

function url(operation: Operation, request: { params?: Record<string, string>; query?: Record<string, unknown> }) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined && value !== null && value !== "") search.set(name, String(value));
  const query = search.toString();
  return `/api/v1${fillPath(operation.path, request.params)}${query ? `?${query}` : ""}`;
}

/** Calls one operation: `apiFetch(getAssistant, { params: { id } })`. */
export function apiFetch<O extends Operation>(operation: O, ...[request]: Args<O>): Promise<ResponseOf<O>> {
  const { params, query, body } = (request ?? {}) as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
  return fetchJson<ResponseOf<O>>(url(operation, { params, query }), {
    method: operation.method.toUpperCase(),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

export const assistantQueries = {
  list: () => queryOptions({ queryKey: ["assistants"], queryFn: () => apiFetch(assistants.listAssistants) }),
  detail: (id: string) =>
    queryOptions({ queryKey: ["assistants", id], queryFn: () => apiFetch(assistants.getAssistant, { params: { id } }).then((r) => r.assistant) }),
};

// Calls, their webhook deliveries and live control: lib/client/calls.ts.

export const createAssistantRequest = (body: BodyInputOf<typeof assistants.createAssistant>) => apiFetch(assistants.createAssistant, { body });

export const updateAssistantRequest = (id: string, body: BodyInputOf<typeof assistants.updateAssistant>) =>
  apiFetch(assistants.updateAssistant, { params: { id }, body });

export const generateAssistantDraftRequest = (body: BodyInputOf<typeof assistants.generateAssistantDraft>) =>
  apiFetch(assistants.generateAssistantDraft, { body }).then((r) => r.draft);

export const startWebCallRequest = (assistantId: string) => apiFetch(calls.createWebCall, { body: { assistant_id: assistantId } });

/** The voice catalogue of a TTS provider; providers without catalogued voices answer 422 (the caller falls back). */
export const voiceQueries = {
  list: (provider: string) =>
    queryOptions({
      queryKey: ["voices", provider],
      queryFn: () => apiFetch(voices.listVoices, { query: { provider: provider as VoiceProvider } }).then((r) => r.voices),
      staleTime: 5 * 60_000,
    }),
};

export const apiKeyQueries = {
  list: () => queryOptions({ queryKey: ["api-keys"], queryFn: () => apiFetch(apiKeys.listApiKeys, { query: { limit: 1000 } }) }),
};

export const createApiKeyRequest = (body: BodyInputOf<typeof apiKeys.createApiKey>) => apiFetch(apiKeys.createApiKey, { body });

export const revokeApiKeyRequest = (id: string) => apiFetch(apiKeys.revokeApiKey, { params: { id } });

// The OpenAPI document never changes while the app runs.
export const openApiQuery = () =>
  queryOptions({
    queryKey: ["openapi"],
    queryFn: () => apiFetch(system.getOpenApi) as Promise<OpenApiDocument>,
    staleTime: Infinity,
  });

export const providerKeyQueries = {
  list: () => queryOptions({ queryKey: ["provider-keys"], queryFn: () => apiFetch(providerKeys.listByokKeys) }),
};

export const saveProviderKeyRequest = (body: BodyInputOf<typeof providerKeys.saveByokKey>) => apiFetch(providerKeys.saveByokKey, { body });

export const deleteProviderKeyRequest = (provider: string) => apiFetch(providerKeys.deleteByokKeyByProvider, { params: { provider } });

export const testProviderKeyRequest = (provider: BodyInputOf<typeof providerKeys.testByokKey>["provider"]) => apiFetch(providerKeys.testByokKey, { body: { provider } });

export const organizationQuery = () => queryOptions({ queryKey: ["organization"], queryFn: () => apiFetch(organizations.getOrganization) });

export const toolTemplateQueries = {
  list: () => queryOptions({ queryKey: ["tool-templates"], queryFn: () => apiFetch(toolTemplates.listToolTemplates, { query: { limit: 1000 } }) }),
};

export const saveToolTemplateRequest = (id: string | null, body: BodyInputOf<typeof toolTemplates.createToolTemplate>) =>
  id ? apiFetch(toolTemplates.updateToolTemplate, { params: { id }, body }) : apiFetch(toolTemplates.createToolTemplate, { body });

export const deleteToolTemplateRequest = (id: string) => apiFetch(toolTemplates.deleteToolTemplate, { params: { id } });

export const analysisTemplateQueries = {
  list: () =>
    queryOptions({ queryKey: ["analysis-templates"], queryFn: () => apiFetch(analysisTemplates.listAnalysisTemplates, { query: { limit: 1000 } }) }),
};

export const saveAnalysisTemplateRequest = (id: string | null, body: BodyInputOf<typeof analysisTemplates.createAnalysisTemplate>) =>
  id ? apiFetch(analysisTemplates.updateAnalysisTemplate, { params: { id }, body }) : apiFetch(analysisTemplates.createAnalysisTemplate, { body });

export const deleteAnalysisTemplateRequest = (id: string) => apiFetch(analysisTemplates.deleteAnalysisTemplate, { params: { id } });
