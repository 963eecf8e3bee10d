import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, permissionsOfRole } from "./permissions";

describe("can", () => {
  it("answers from the role's permissions", () => {
    for (const role of ["owner", "admin", "member"] as const) {
      for (const permission of PERMISSIONS) expect(can({ role }, permission), `${role} ${permission}`).toBe(permissionsOfRole(role).has(permission));
    }
    expect(can({ role: "member" }, "assistants.read")).toBe(true);
    expect(can({ role: "member" }, "api_keys.write")).toBe(false);
    expect(can({ role: "admin" }, "api_keys.write")).toBe(true);
  });

  it("lets nobody do anything without a session", () => {
    expect(can(null, "assistants.read")).toBe(false);
    expect(can(undefined, "assistants.read")).toBe(false);
  });
});
