import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/assistants";
import {
  createAssistant,
  deleteAssistant,
  findAssistants,
  getAssistantOrThrow,
  updateAssistant,
} from "@/lib/assistants/assistants";
import { generateAssistantDraft } from "@/lib/generation/generate-assistant-draft";
import { resolveGenerationLlm } from "@/lib/generation/resolve-llm";

export const listAssistants = route(op.listAssistants, async ({ query: { limit, offset }, scope }) => {
  const { assistants, total } = await findAssistants(scope, { limit, offset });
  return { assistants, pagination: { total, limit, offset } };
});

export const postAssistant = route(op.createAssistant, async ({ body, scope }) => ({ assistant: await createAssistant(scope, body) }));

export const getAssistant = route(op.getAssistant, async ({ params, scope }) => ({ assistant: await getAssistantOrThrow(scope, params.id) }));

export const patchAssistant = route(op.updateAssistant, async ({ params, body, scope }) => ({ assistant: await updateAssistant(scope, params.id, body) }));

export const removeAssistant = route(op.deleteAssistant, async ({ params, scope }) => {
  await deleteAssistant(scope, params.id);
  return { success: true } as const;
});

// The deprecated /agents paths answer exactly like /assistants.
export const listAgents = route(op.listAgents, listAssistants.handler);
export const postAgent = route(op.createAgent, postAssistant.handler);
export const getAgent = route(op.getAgent, getAssistant.handler);
export const patchAgent = route(op.updateAgent, patchAssistant.handler);
export const removeAgent = route(op.deleteAgent, removeAssistant.handler);

export const postAssistantDraft = route(op.generateAssistantDraft, async ({ body, scope }) => ({
  draft: await generateAssistantDraft(body, await resolveGenerationLlm(scope)),
}));
