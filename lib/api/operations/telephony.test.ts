import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/document";

type Json = Record<string, unknown>;

describe("phone numbers and SIP trunks in the OpenAPI document", () => {
  const doc = buildOpenApiDocument();
  const schemas = doc.components.schemas as Record<string, Json>;
  const paths = doc.paths as Record<string, Record<string, Json>>;

  it("are named as HMS names them, with every documented trunk spelling in the create body", () => {
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["PhoneNumber", "PhoneNumberCreate", "PhoneNumberUpdate", "SipTrunk", "SipTrunkCreate"]));
    const create = schemas.SipTrunkCreate as { properties: Json; required: string[]; additionalProperties: boolean };
    expect(Object.keys(create.properties)).toEqual(
      expect.arrayContaining(["host", "port", "username", "password", "provider", "address", "auth_username", "auth_password", "transport", "inbound_addresses", "outbound_address", "outbound_number"]),
    );
    expect(create.required).toEqual(["name"]);
    expect(create.additionalProperties).toBe(false);
    // Passwords go in, never out.
    expect(Object.keys((schemas.SipTrunk as { properties: Json }).properties)).not.toContain("password");
    expect(Object.keys((schemas.SipTrunk as { properties: Json }).properties)).not.toContain("auth_password");
    expect(Object.keys((schemas.SipTrunkResponse as { properties: Json }).properties).sort()).toEqual(["sip_trunk", "trunk"]);
  });

  it("has the HMS operations, PATCH on trunks as the extension, and the media server's failures", () => {
    expect(Object.keys(paths["/numbers"]!).filter((k) => k !== "parameters").sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/numbers/{id}"]!).filter((k) => k !== "parameters").sort()).toEqual(["delete", "get", "patch"]);
    expect(Object.keys(paths["/sip-trunks/{id}"]!).filter((k) => k !== "parameters").sort()).toEqual(["delete", "get", "patch"]);
    const post = paths["/numbers"]!.post as { responses: Json; "x-permission": string };
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(["201", "404", "409", "422", "502", "503"]));
    expect(post["x-permission"]).toBe("numbers.write");
    const list = paths["/numbers"]!.get as { parameters: { name: string }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["limit", "offset", "assistant_id"]));
  });
});
