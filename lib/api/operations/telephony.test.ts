import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { operationResponses, resolveParameter, resolveRef } from "@/lib/openapi/resolve";
import type { JsonSchema, OpenApiDocument, OpenApiOperation } from "@/lib/openapi/types";

type Json = Record<string, unknown>;

describe("phone numbers and SIP trunks in the OpenAPI document", () => {
  const doc = buildOpenApiDocument();
  const schemas = doc.components.schemas as Record<string, JsonSchema>;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  // Schemas may be composed (allOf) and parameters shared ($ref): check what they resolve to.
  const schema = (name: string) => resolveRef({ $ref: `#/components/schemas/${name}` }, schemas);
  const parameters = (doc as unknown as OpenApiDocument).components!.parameters;

  it("are named as HMS names them, with every documented trunk spelling in the create body", () => {
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["PhoneNumber", "PhoneNumberCreate", "PhoneNumberUpdate", "SipTrunk", "SipTrunkCreate"]));
    const create = schema("SipTrunkCreate");
    expect(Object.keys(create.properties!)).toEqual(
      expect.arrayContaining(["host", "port", "username", "password", "provider", "address", "auth_username", "auth_password", "transport", "inbound_addresses", "outbound_address", "outbound_number"]),
    );
    expect(create.required).toEqual(["name"]);
    expect(create.additionalProperties).toBe(false);
    // Passwords go in, never out.
    expect(Object.keys(schema("SipTrunk").properties!)).not.toContain("password");
    expect(Object.keys(schema("SipTrunk").properties!)).not.toContain("auth_password");
    expect(Object.keys(schema("SipTrunkResponse").properties!).sort()).toEqual(["sip_trunk", "trunk"]);
  });

  it("has the HMS operations, PATCH on trunks as the extension, and the media server's failures", () => {
    expect(Object.keys(paths["/numbers"]!).filter((k) => k !== "parameters").sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/numbers/{id}"]!).filter((k) => k !== "parameters").sort()).toEqual(["delete", "get", "patch"]);
    expect(Object.keys(paths["/sip-trunks/{id}"]!).filter((k) => k !== "parameters").sort()).toEqual(["delete", "get", "patch"]);
    const post = paths["/numbers"]!.post as unknown as OpenApiOperation;
    // What it lists and what every operation of its kinds answers (x-common-responses).
    const answered = operationResponses(doc as unknown as OpenApiDocument, post, [{ name: "X-Organization-Id", in: "header" }]).map((r) => r.status);
    expect(answered).toEqual(expect.arrayContaining(["201", "404", "409", "422", "502", "503"]));
    expect(post["x-permission"]).toBe("numbers.write");
    const list = paths["/numbers"]!.get as { parameters: Parameters<typeof resolveParameter>[0][] };
    expect(list.parameters.map((p) => resolveParameter(p, parameters).name)).toEqual(expect.arrayContaining(["limit", "offset", "assistant_id"]));
  });
});
