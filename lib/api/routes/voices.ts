import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/voices";
import { findVoices } from "@/lib/voices/catalogue";

export const listVoices = route(op.listVoices, async ({ query }) => ({ voices: findVoices(query) }));
