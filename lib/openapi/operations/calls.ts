import { z } from "zod";
import { defineOperations } from "@/lib/openapi/registry";
import { callListQuerySchema, callSchema, webCallCreateSchema, webCallResponseSchema } from "@/lib/schemas/call";
import { paginationSchema } from "@/lib/schemas/common";

export const callOperations = defineOperations([
  { method: "post", path: "/calls/web", operationId: "createWebCall", summary: "Start a browser call", description: "Creates the call, a LiveKit room with the agent dispatched, and a short-lived participant token.", tags: ["Calls"], body: webCallCreateSchema, responses: { 201: { description: "Call created", schema: webCallResponseSchema } } },
  { method: "get", path: "/calls", operationId: "listCalls", summary: "List calls", tags: ["Calls"], query: callListQuerySchema, responses: { 200: { description: "Calls", schema: z.object({ calls: z.array(callSchema), pagination: paginationSchema }) } } },
  { method: "get", path: "/calls/{id}", operationId: "getCall", summary: "Get a call with its transcript", tags: ["Calls"], responses: { 200: { description: "The call (bare object)", schema: callSchema } } },
]);
