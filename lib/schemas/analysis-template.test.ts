import { describe, expect, it } from "vitest";
import { analysisTemplateCreateSchema, unknownAnalysisPlaceholders } from "./analysis-template";

describe("analysis template schema", () => {
  it("applies defaults and validates the schema as a JSON Schema", () => {
    expect(analysisTemplateCreateSchema.parse({ name: "A", schema: { type: "object" } })).toEqual({ name: "A", schema: { type: "object" }, messages: [], min_messages_threshold: 2 });
    const bad = analysisTemplateCreateSchema.safeParse({ name: "A", schema: { type: "object", properties: 1 } });
    expect(bad.error?.issues[0]).toMatchObject({ path: ["schema"], message: "schema/properties must be object" });
  });

  it("finds placeholders the analysis does not fill in", () => {
    const messages = [{ content: "{{schema}} {{ transcript }} {{ended_reason}}" }, { content: "{{summary}} {{schema}}" }];
    expect(unknownAnalysisPlaceholders(messages)).toEqual(["summary"]);
  });
});
